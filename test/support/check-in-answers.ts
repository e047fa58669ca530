/**
 * The names a group's check-in answers name, once per naming: "张三签到成功（迟到，活动 15:00
 * 开始）：主题党日。" names 张三; a combined "张三、李四（迟到）签到成功：主题党日。" names both.
 * Texts that are not check-in answers name nobody.
 */
export function namesAnswered(texts: readonly string[]): string[] {
  return texts.flatMap((text) => {
    const subjects = /^(.+?)签到成功/u.exec(text)?.[1];
    return subjects === undefined ? [] : subjects.split('、').map((s) => s.replace(/（迟到）$/u, ''));
  });
}
