import { describe, expect, it } from 'vitest';
import { shanghai, useBranchFixture } from '../support/branch-fixture.js';
import { chatText, createTestChat, privateText } from '../support/chat.js';
import { rowCounts, testProviders } from '../support/test-database.js';

const at = shanghai;

describe.each(testProviders())('Chinese as an input method types it, on %s', (provider) => {
  const f = useBranchFixture(provider);

  it('签到。 and 签到！ check in, said in passing in the group too', async () => {
    const chat = createTestChat(f.db, { now: at('14:40') });
    expect(chatText(await chat.say('李四', '签到。', { mentionedBot: false }))).toBe('李四签到成功：主题党日。');
    expect(chatText(await chat.say('王五', '签到！'))).toBe('王五签到成功：主题党日。');
    expect(chatText(await chat.say('赵六', '签到～'))).toBe('赵六签到成功：主题党日。');
  });

  it('full-width digits and Chinese numerals are amounts like any other', async () => {
    await f.db.organization.update({ where: { id: f.seeded.branchId }, data: { settings: { duesTrackingSince: '2026-09' } } });
    const chat = createTestChat(f.db, { now: at('10:00') });
    expect(privateText(await chat.say('李四', '已缴 ７５'), '李四')).toContain('已登记2026年12月党费 75.00 元');
    expect(privateText(await chat.say('王五', '已缴 七十五元。'), '王五')).toContain('已登记2026年12月党费 75.00 元');
    const before = await rowCounts(f.db);
    expect(privateText(await chat.say('赵六', '已缴 三百五'), '赵六')).not.toContain('已登记');
    expect(await rowCounts(f.db)).toEqual(before);
  });

  it('every key has its Chinese alias: /导出 年=2026, with full-width forms', async () => {
    const chat = createTestChat(f.db, { now: at('10:00') });
    const replies = await chat.say('张三', '／导出　年＝２０２６');
    expect(privateText(replies, '张三')).not.toContain('不认识参数');
    expect(replies.some((r) => r.message.file !== undefined)).toBe(true);
  });

  it('suggestions offer only what the asker may use', async () => {
    const chat = createTestChat(f.db, { now: at('10:00') });
    const member = chatText(await chat.say('李四', '/签到卡了'));
    expect(member).toContain('没看懂');
    expect(member).not.toContain('你是不是想用');
    expect(chatText(await chat.say('张三', '/签到卡了'))).toContain('你是不是想用：/签到卡？');
  });
});
