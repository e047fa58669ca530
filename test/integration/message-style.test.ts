// The mechanical rules of docs/STYLE-zh.md, checked over what the bot actually says: a
// transcript of every command (members', officers', admins', and their refusals) and a month of
// reminders and digests. A template that breaks a rule fails here with the message quoting it.
import { describe, expect, it } from 'vitest';
import { allCommands } from '../../src/bot/commands/index.js';
import type { Reply } from '../../src/bot/types.js';
import { silentLogger } from '../../src/logger.js';
import { renderText } from '../../src/platforms/console/render-text.js';
import { runReminderTick } from '../../src/reminders/reminder-tick.js';
import { shanghai, useBranchFixture } from '../support/branch-fixture.js';
import { createTestChat } from '../support/chat.js';
import { exeBytes, jpegBytes } from '../support/sample-files.js';
import { createFileStore } from '../../src/storage/file-store.js';
import type { Attachment, FetchAttachment } from '../../src/bot/types.js';
import { RecordingPlatform } from '../support/recording-platform.js';

/** A message as a person reads it, and whether a plain member may read it. */
interface Said {
  text: string;
  isForMembers: boolean;
  origin: string;
}

const CJK_DATE = String.raw`(?:\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?|\d{1,2}月\d{1,2}日(?:（周.）)?(?:\d{1,2}:\d{2})?)`;
/** Words that carry a sentence on after a date (期满, 起, 的 …), as opposed to a column that follows it in a list. */
const PROSE_AFTER = '(?:的|起|前|后|以前|以后|调整|改到|届满|期满|到|至|开始|结束|截止|为止)';
/** /help lists every name a command answers to, synonyms included: the naming rules read other messages. */
const isNameList = (said: Said) => /: \/(?:help|帮助)/u.test(said.origin);

/** Each rule: a name, and the offending excerpt of `text`, if any. */
const RULES: [string, (said: Said) => string | undefined][] = [
  ['no ASCII space before a Chinese date', ({ text }) => new RegExp(String.raw`[\p{Script=Han}：，] ${CJK_DATE}`, 'u').exec(text)?.[0]],
  ['no ASCII space after a Chinese date in a sentence', ({ text }) => new RegExp(String.raw`${CJK_DATE} ${PROSE_AFTER}`, 'u').exec(text)?.[0]],
  ['no space inside a date', ({ text }) => /\d{4} 年|\d 月\d|月 \d{1,2} ?日/u.exec(text)?.[0]],
  ['the usage line is said once', ({ text }) => /用法：[\s\S]*用法：/u.exec(text)?.[0].slice(0, 20)],
  ['brackets do not nest', ({ text }) => /（[^（）\n]*（/u.exec(text)?.[0]],
  ['no word doubled by a template', ({ text }) => /(\p{Script=Han}{2,})\1|(\d{4}年\d{1,2}月)(?:到|至|—)\2(?!\d)/u.exec(text)?.[0]],
  ['one name for each thing (GLOSSARY)', (said) => (isNameList(said) ? undefined : /驳回|TA ?的|工作提示|主题党日小结|小结/u.exec(said.text)?.[0])],
  ['members are taught the Chinese words', (said) => (said.isForMembers && !isNameList(said) ? /\/paid|\/checkin|\/leave(?! approve| reject)/u.exec(said.text)?.[0] : undefined)],
  ['no internal ids before members', ({ text, isForMembers }) => (isForMembers ? /console-group|group-\d|p2p:|\b[a-z_]+-\d+|\b(?:member|activity):\d+/u.exec(text)?.[0] : undefined)],
];

const OFFICERS = new Set(['张三', '管理员']);

function said(replies: Reply[], origin: string): Said[] {
  return replies
    .filter((r) => !r.replaceMessageId)
    .map((r) => ({ text: renderText(r.message), isForMembers: r.to.kind === 'chat' || !OFFICERS.has(r.to.label ?? r.to.id.replace(/^p2p:/u, '')), origin }));
}

function breaches(messages: Said[]): string[] {
  return messages.flatMap((m) => RULES.flatMap(([rule, check]) => {
    const excerpt = check(m);
    return excerpt === undefined ? [] : [`${rule}: 「${excerpt}」 in ${m.origin}:\n${m.text}`];
  }));
}

/** Every command, said by someone it is for, and lines each of them refuses. */
const TRANSCRIPT: [string, string][] = [
  ['张三', '/branch set duesday=5 term_started=2024-03-01'],
  ['管理员', '/branch set partyday="first friday 15:00" duesday=5 term_started=2024-03-01'],
  ['李四', '签到'], ['李四', '签到'], ['王五', '请假 出差'], ['张三', '/leave reject @王五 本次为重要学习'],
  ['赵六', '请假 家里有事'], ['张三', '/leave approve @赵六'], ['张三', '/leave approve @赵六'],
  ['张三', '/checkin @王五'], ['李四', '已缴 75'], ['李四', '已缴 75'], ['张三', '已缴 75'], ['张三', '/dues confirm @李四'],
  ['李四', '已缴 months=3'], ['王五', '已缴 abc'], ['李四', '/me'], ['王五', '/me'], ['张三', '/me'],
  ['李四', '/activity list'], ['李四', '/help'], ['张三', '/help'], ['管理员', '/help'], ['李四', '/help 已缴'], ['李四', '/help leave'],
  ['李四', '/whoami'], ['张三', '/whoami'], ['李四', '/welcome'],
  ['张三', '/attendance'], ['张三', '/activity new kind=lecture at=2026-12-21 15:00 title=党课'], ['张三', '/activity new 党课 2026-12-21 15:00'],
  ['张三', '/activity new kind=party_day at=2026-12-18 15:00 theme=学习党章和准则 place=三楼会议室'], ['张三', '/activity new kind=lecture at=2026-12-21 15:00 theme=""'],
  ['张三', '/activity theme 999 学习党章'], ['张三', '/activity theme 12'], ['管理员', '/branch set badge=off'], ['管理员', '/branch set badge=maybe'], ['管理员', '/branch set'],
  ['张三', '/activity card'], ['张三', '/member list'], ['张三', '/member add @钱七 joined=2016-07-01'], ['张三', '/member set @钱七 status=probationary'],
  ['张三', '/member remove @钱七'], ['张三', '/member remove @钱七 confirm=yes'],
  ['张三', '/dues set @王五 amount=50'], ['张三', '/dues assess @赵六 base=8200 category=in_service'], ['张三', '/dues report'],
  ['张三', '/remind preview 2026-12-04'], ['张三', '/remind preview 2027-01-11'], ['张三', '/remind preview 2026-12-05'], ['张三', '/digest'], ['管理员', '/digest tree'], ['管理员', '/digest tree month=2026-11'], ['管理员', '/export tree year=2026'], ['张三', '/export month=2026-11'],
  ['管理员', '/holidays'], ['管理员', '/branch new 第三党支部 parent=机关工委'],
  ['管理员', '/org new 机关党委 kind=党委 parent=机关工委'], ['管理员', '/org rename 第三党支部 to=综合科党支部'],
  ['管理员', '/org move 综合科党支部 parent=机关党委'], ['管理员', '/org move 综合科党支部 parent=机关党委 confirm=yes'],
  ['管理员', '/org term 机关党委 started=2022-03-01'], ['管理员', '/org terms'], ['管理员', '/org terms year=2027'],
  ['管理员', '/branch new 第四党支部 parent=机关党委'], ['管理员', '/org merge 第四党支部 into=综合科党支部'], ['管理员', '/org merge 第四党支部 into=综合科党支部 confirm=yes'],
  ['管理员', '/org dissolve 综合科党支部'], ['管理员', '/org dissolve 综合科党支部 confirm=yes'],
  ['管理员', '/digest branch=第一党支部'], ['管理员', '/attendance branch=第一党支部'], ['管理员', '/export month=2026-11 branch=第一党支部'],
  ['李四', '/org terms'], ['李四', '/digest tree'], ['李四', '/digest branch=第一党支部'], ['管理员', '/role grant @李四 organization_officer'], ['管理员', '/role revoke @李四 organization_officer'],
  ['李四', '/attendance'], ['李四', '/bind 第一党支部'], ['李四', '/不存在的命令'], ['李四', '/membr list'], ['李四', '/导出 年=2026'],
  ['张三', '/activity move 999 at=2026-12-11 15:00'], ['张三', '/activity cancel 999'], ['张三', '/import members'],
  ['李四', '/unbind'], ['王五', '/record 999'], ['张三', '/记录 999 topic=学习党章'],
];

describe('what the bot says follows docs/STYLE-zh.md', () => {
  const f = useBranchFixture('sqlite');

  it('in every command answer and refusal, and in a month of reminders and digests', async () => {
    const uploads = new Map<string, Buffer>([['photo', jpegBytes()], ['big', jpegBytes(70_000)], ['exe', exeBytes()]]);
    const fetchAttachment: FetchAttachment = (_from, attachment) => {
      const bytes = uploads.get(attachment.key);
      return bytes ? Promise.resolve(bytes) : Promise.reject(new Error('404'));
    };
    const files = createFileStore(f.db, { kind: 'database', maxBytes: 64 * 1024 });
    const chat = createTestChat(f.db, { now: shanghai('14:40'), admins: ['console:管理员'], fetchAttachment, files });
    const messages: Said[] = [];
    for (const [speaker, line] of TRANSCRIPT) messages.push(...said(await chat.say(speaker, line), `${speaker}: ${line}`));
    const record = (speaker: string, line: string) => chat.say(speaker, line).then((replies) => messages.push(...said(replies, `${speaker}: ${line}`)));
    await record('张三', `/activity theme ${f.activityId} 学习党章`);
    await record('张三', `/activity theme ${f.activityId} 学习党章`);
    await record('张三', `/record ${f.activityId} recorder=@李四`);
    await record('李四', `/record ${f.activityId} topic=学习党章\n一、学习党章。`);
    chat.setNow(shanghai('10:00', '2026-12-05'));
    await record('李四', `/record ${f.activityId} topic=学习党章 host=@张三\n一、学习党章。\n二、讨论支部工作。`);
    await record('张三', `/记录 ${f.activityId} topic=学习党章和准则`);
    await record('张三', `/record ${f.activityId}`);
    await record('王五', `/record ${f.activityId}`);
    await record('张三', `/record ${f.activityId} print`);
    await record('李四', `/record ${f.activityId} 打印`);
    // The private dialogue: lines, photos and refused files, 完成, 取消, a lapsed dialogue.
    const privately = (line: string, attachment?: Attachment) => chat.say('张三', line, { chat: 'p2p', ...(attachment ? { attachment } : {}) })
      .then((replies) => messages.push(...said(replies, `张三（私聊）: ${line}`)));
    await record('张三', `/record ${f.activityId} 继续`);
    await privately('三、表扬先进。');
    await privately('[image]', { key: 'photo', name: '照片', messageId: 'om_1', kind: 'image' });
    await privately('[image]', { key: 'big', name: '照片', messageId: 'om_2', kind: 'image' });
    await privately('[file]', { key: 'exe', name: '合影.jpg', messageId: 'om_3', kind: 'file' });
    await privately('[image]', { key: 'gone', name: '照片', messageId: 'om_4', kind: 'image' });
    await privately('[sticker]');
    await privately('完成');
    await privately(`/record ${f.activityId} 继续`);
    await privately('取消');
    await privately(`/record ${f.activityId} 继续`);
    chat.setNow(shanghai('11:00', '2026-12-05'));
    await privately('四、补充。');
    await record('张三', '/export zip');
    messages.push(...said(await chat.say('张三', `/activity cancel ${f.activityId} confirm=yes`), 'cancel'));

    const platform = new RecordingPlatform();
    for (let day = 1; day <= 31; day++) {
      for (const time of ['08:30', '09:00', '15:00', '18:00']) {
        const date = `2026-12-${String(day).padStart(2, '0')}`;
        await runReminderTick({ db: f.db, platforms: new Map([['console', platform] as const]), log: silentLogger, defaultZone: 'Asia/Shanghai' }, shanghai(time, date));
      }
    }
    for (const d of platform.sent) {
      const who = d.to.kind === 'chat' ? '群聊' : (d.to.label ?? d.to.id);
      messages.push({ text: renderText(d.message), isForMembers: d.to.kind === 'chat' || !OFFICERS.has(who), origin: `reminder to ${who}: ${d.message.title ?? ''}` });
    }

    // The transcript reaches every command, so a new one is checked too.
    const reached = new Set(TRANSCRIPT.map(([, line]) => line.split(' ')[0]));
    expect(allCommands.filter((c) => !c.isHidden && ![`/${c.name.split(' ')[0]}`, ...(c.bare ?? []), ...(c.aliases ?? []).map((a) => `/${a.split(' ')[0]}`)].some((n) => reached.has(n))).map((c) => c.name)).toEqual([]);
    expect(messages.length).toBeGreaterThan(100);
    expect(breaches(messages)).toEqual([]);
  });

  it('says what is true for the person: an officer reporting his own dues, a usage line said once', async () => {
    await f.db.organization.update({ where: { id: f.seeded.branchId }, data: { settings: { duesTrackingSince: '2026-09' } } });
    const chat = createTestChat(f.db, { now: shanghai('10:00') });
    const alone = said(await chat.say('张三', '已缴 75'), 'alone').map((m) => m.text).join('\n');
    expect(alone).toContain('你是本支部唯一的支委，核对后可自行确认：/dues confirm @张三');
    expect(alone).not.toContain('等待书记确认');
    await f.db.roleGrant.create({ data: { memberId: f.seeded.members['王五'] ?? 0, role: 'organization_officer', organizationId: f.seeded.branchId } });
    const replies = await chat.say('张三', '已缴 80');
    expect(said(replies, 'with an officer').map((m) => m.text).join('\n')).toContain('等待其他支委确认');
    expect(replies.some((r) => r.to.kind === 'user' && r.to.id === '王五' && r.message.title === '党费待确认')).toBe(true);
    const usage = said(await chat.say('张三', '/activity new 党课 2026-12-21 15:00'), 'usage').map((m) => m.text).join('\n');
    expect(usage.match(/用法：/gu)).toHaveLength(1);
  });
});
