import { beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { runReminderTick } from '../../src/reminders/reminder-tick.js';
import { renderCard } from '../../src/platforms/feishu/render-message.js';
import { renderDingtalkMessage, toOpenApiMessage } from '../../src/platforms/dingtalk/render-message.js';
import { chatText, createTestChat } from '../support/chat.js';
import { RecordingPlatform } from '../support/recording-platform.js';
import { seedBranch, type SeededBranch } from '../support/seed.js';
import { testProviders, useTestDatabase } from '../support/test-database.js';

const sh = (local: string) => new Date(`${local}+08:00`);
const THEME = '学习党的二十届四中全会精神';

describe.each(testProviders())('a themed party day on %s', (provider) => {
  const t = useTestDatabase(provider);
  let seeded: SeededBranch;
  let platform: RecordingPlatform;
  const chatAt = (local: string) => createTestChat(t().db, { now: sh(local), admins: ['console:张三'] });
  const tick = (local: string) => runReminderTick({ db: t().db, platforms: new Map([['console', platform] as const]), log: silentLogger, defaultZone: 'Asia/Shanghai' }, sh(local));

  beforeEach(async () => {
    seeded = await seedBranch(t().db);
    // Only the party-day notices speak here.
    await t().db.organization.update({ where: { id: seeded.branchId }, data: { settings: { digest: 'off', reminders: { dues: false, birthday: false, probation: false, term: false, record: false } } } });
    platform = new RecordingPlatform();
  });

  async function arrange(extra = ''): Promise<number> {
    const replies = await chatAt('2026-12-01T10:00').say('张三', `/activity new kind=party_day at=2026-12-04 15:00 theme=${THEME} place=三楼会议室${extra}`);
    expect(chatText(replies)).toContain(`主题：${THEME}`);
    return (await t().db.activity.findFirstOrThrow({ where: { branchId: seeded.branchId } })).id;
  }

  it('the theme is stored and shown in the day-before and morning notices and on the card, with the badge line', async () => {
    const id = await arrange();
    expect(await t().db.activity.findUniqueOrThrow({ where: { id } })).toMatchObject({ theme: THEME, title: '12月4日主题党日' });
    await tick('2026-12-03T18:00');
    expect(platform.textTo('群聊')).toBe(`【明日主题党日】\n时间：12月4日（周五）15:00\n地点：三楼会议室\n主题：${THEME}\n不能参加的同志，请提前在群里发送「请假 理由」，由书记审批。`);
    platform.clear();
    await tick('2026-12-04T08:30');
    expect(platform.textTo('群聊')).toContain(`主题：${THEME}\n请佩戴党员徽章，准时参加。`);

    const card = (await chatAt('2026-12-04T14:40').say('张三', `/activity card ${id}`))[0]!.message;
    expect(card.lines).toEqual(['12月4日主题党日', `主题：${THEME}`, '时间：12月4日（周五）15:00，地点：三楼会议室', '已签到 0 / 应到 4，请假 0', '请佩戴党员徽章。']);
    expect(JSON.stringify(renderCard(card))).toContain(`主题：${THEME}`);
    expect(JSON.stringify(renderCard(card))).toContain('请佩戴党员徽章');
    expect(JSON.stringify(toOpenApiMessage(renderDingtalkMessage(card, { isGroup: true })))).toContain(`主题：${THEME}`);
  });

  it('with the badge line turned off, neither the card nor the morning notice carries it; on again, both do', async () => {
    const id = await arrange();
    const set = await chatAt('2026-12-01T10:05').say('张三', '/branch set badge=off');
    expect(chatText(set)).not.toContain('不认识');
    const shown = chatText(await chatAt('2026-12-01T10:06').say('张三', '/branch set'));
    expect(shown).toContain('主题党日签到卡片和当天提醒：不提示佩戴党员徽章');
    await tick('2026-12-04T08:30');
    expect(platform.textTo('群聊')).toContain('请准时参加。到场后点「签到」');
    expect(platform.textTo('群聊')).not.toContain('徽章');
    const card = chatText(await chatAt('2026-12-04T14:40').say('张三', `/activity card ${id}`));
    expect(card).toContain(THEME);
    expect(card).not.toContain('徽章');

    await chatAt('2026-12-04T14:41').say('张三', '/branch set 徽章=开');
    expect(chatText(await chatAt('2026-12-04T14:42').say('张三', `/activity card ${id}`))).toContain('请佩戴党员徽章。');
  });

  it('a bad badge value and a bad theme are refused in Chinese and change nothing', async () => {
    const badBadge = chatText(await chatAt('2026-12-01T10:00').say('张三', '/branch set badge=maybe'));
    expect(badBadge).toContain('佩戴党员徽章提示只能设为 on（开）或 off（关），而不是「maybe」。');
    expect((await t().db.organization.findUniqueOrThrow({ where: { id: seeded.branchId } })).settings).not.toHaveProperty('badge');

    const empty = chatText(await chatAt('2026-12-01T10:00').say('张三', '/activity new kind=party_day at=2026-12-04 15:00 theme=""'));
    expect(empty).toContain('主题不能为空。');
    const long = chatText(await chatAt('2026-12-01T10:00').say('张三', `/activity new kind=party_day at=2026-12-04 15:00 theme=${'学'.repeat(61)}`));
    expect(long).toContain('主题太长了（最多 60 个字）。');
    expect(await t().db.activity.count()).toBe(0);

    const id = await arrange();
    const blank = chatText(await chatAt('2026-12-01T11:00').say('张三', `/activity theme ${id}`));
    expect(blank).toContain('主题不能为空。');
    expect((await t().db.activity.findUniqueOrThrow({ where: { id } })).theme).toBe(THEME);
  });

  it('a party day the rule created gets its theme by /activity theme; the record takes it as its topic', async () => {
    await t().db.organization.update({ where: { id: seeded.branchId }, data: { settings: { partyDay: 'first friday 15:00', digest: 'off', reminders: { dues: false, birthday: false, probation: false, term: false } } } });
    await tick('2026-11-10T09:00');
    const day = await t().db.activity.findFirstOrThrow({ where: { occurrenceKey: 'party_day:2026-12' } });
    const set = chatText(await chatAt('2026-11-20T10:00').say('张三', `/activity theme ${day.id} ${THEME}`));
    expect(set).toBe(`已设定活动 #${day.id}「12月主题党日」的主题：${THEME}\n提醒和签到卡片会显示这个主题；会议记录未填写议题时以它为议题。`);
    expect(await t().db.auditLog.count({ where: { action: 'activity.theme' } })).toBe(1);
    platform.clear();
    await tick('2026-12-03T18:00');
    expect(platform.textTo('群聊')).toContain(`主题：${THEME}`);

    await chatAt('2026-12-04T17:00').say('张三', `/record ${day.id} host=@张三\n一、学习全会精神。`);
    expect(await t().db.meetingRecord.findUniqueOrThrow({ where: { activityId: day.id } })).toMatchObject({ topic: THEME });
    const ended = chatText(await chatAt('2026-12-05T10:00').say('张三', `/activity theme ${day.id} 另一个主题`));
    expect(ended).toContain('已经结束');
  });
});
