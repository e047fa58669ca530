import { describe, expect, it } from 'vitest';
import { chatText, createTestChat, transcript } from '../support/chat.js';
import { seedBranch } from '../support/seed.js';
import { rowCounts, testProviders, useTestDatabase } from '../support/test-database.js';

// Dates people type lie in a sane window (joined: 1921–2100; schedules: 2000–2100). Outside it
// they are refused in Chinese and change nothing; before this bound, `/remind preview
// 9999-12-31` looped for ever (year 10000 is "+010000-…", which sorts before "9999-…").

describe.each(testProviders())('dates outside the accepted window, on %s', (provider) => {
  const t = useTestDatabase(provider);

  it.each([
    ['/remind preview 9999-12-31', '日期「9999-12-31」不在可接受的范围内：须在2000年至2100年之间。'],
    ['/remind preview 1999-12-31', '日期「1999-12-31」不在可接受的范围内：须在2000年至2100年之间。'],
    ['/export year=0000', '年份「0000」不在可接受的范围内：须在2000年至2100年之间。'],
    ['/export month=9999-12', '月份「9999-12」不在可接受的范围内：须在2000年至2100年之间。'],
    ['/dues report month=0001-01', '月份「0001-01」不在可接受的范围内：须在2000年至2100年之间。'],
    ['/member add 孙八 joined=0000-01-01', '入党日期「0000-01-01」不在可接受的范围内：须在1921年至2100年之间。'],
    ['/member add 孙八 joined=1920-12-31', '入党日期「1920-12-31」不在可接受的范围内：须在1921年至2100年之间。'],
    ['/member set 李四 joined=2101-01-01', '入党日期「2101-01-01」不在可接受的范围内：须在1921年至2100年之间。'],
    ['/activity new kind=lecture at=9999-12-31 15:00', '日期「9999-12-31」不在可接受的范围内：须在2000年至2100年之间。'],
    ['/branch set term_started=1900-03-01', '本届支委会任期开始日期「1900-03-01」不在可接受的范围内：须在2000年至2100年之间。'],
  ])('%s is refused in Chinese and changes nothing', async (line, reply) => {
    const { db } = t();
    await seedBranch(db);
    const chat = createTestChat(db, { now: '2026-12-04T10:00:00+08:00', admins: ['console:张三'] });
    const before = await rowCounts(db);
    // Answered in the chat, or in private for commands whose answers are private.
    const answer = transcript(await chat.say('张三', line));
    expect(answer).toContain(reply);
    expect(answer).not.toMatch(/Error|at .*\.ts/);
    expect(await rowCounts(db)).toEqual(before);
  });

  it('accepts the edges of the window', async () => {
    const { db } = t();
    await seedBranch(db);
    const chat = createTestChat(db, { now: '2026-12-04T10:00:00+08:00', admins: ['console:张三'] });
    expect(chatText(await chat.say('张三', '/member add 孙八 joined=1921-07-01'))).toContain('孙八');
    expect(await db.member.count({ where: { name: '孙八', joinedAt: '1921-07-01' } })).toBe(1);
    expect(chatText(await chat.say('张三', '/remind preview 2100-12-31'))).toContain('提醒预览');
  });
});
