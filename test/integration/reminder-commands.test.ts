import { beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { runReminderTick } from '../../src/reminders/reminder-tick.js';
import { chatText, createTestChat, privateText } from '../support/chat.js';
import { RecordingPlatform } from '../support/recording-platform.js';
import { seedBranch, type SeededBranch } from '../support/seed.js';
import { rowCounts, testProviders, useTestDatabase } from '../support/test-database.js';

const sh = (local: string) => new Date(`${local}+08:00`);
const ADMIN = '管理员';

describe.each(testProviders())('reminder commands on %s', (provider) => {
  const t = useTestDatabase(provider);
  let seeded: SeededBranch;
  const chatAt = (local: string) => createTestChat(t().db, { now: sh(local), admins: [`console:${ADMIN}`] });
  const settings = async () => (await t().db.organization.findUniqueOrThrow({ where: { id: seeded.branchId } })).settings;
  const tick = (local: string, platform = new RecordingPlatform()) =>
    runReminderTick({ db: t().db, platforms: new Map([['console', platform] as const]), log: silentLogger, defaultZone: 'Asia/Shanghai' }, sh(local));

  beforeEach(async () => {
    seeded = await seedBranch(t().db);
  });

  describe('/branch set', () => {
    it('sets the party day and the dues day, says when the next party day is, and records who changed what', async () => {
      const chat = chatAt('2026-11-20T10:00');
      const reply = chatText(await chat.say(ADMIN, '/branch set partyday="first friday 15:00" duesday=5'));
      expect(reply).toContain('【已更新「第一党支部」的设置】');
      expect(reply).toContain('固定党日：每月第一个星期五 15:00；遇节假日顺延到下一个工作日');
      expect(reply).toContain('党费日：每月5日；遇休息日顺延到下一个工作日');
      expect(reply).toContain('下次主题党日：12月4日（周五）15:00（提前一个月自动安排活动）');
      expect(await settings()).toEqual({ partyDay: 'first friday 15:00', duesDay: 5 });
      const audit = await t().db.auditLog.findFirstOrThrow({ where: { action: 'branch.settings' } });
      expect(audit).toMatchObject({ actor: `console:local:${ADMIN}`, detail: { partyDay: { from: null, to: 'first friday 15:00' }, duesDay: { from: null, to: 5 } } });
    });

    it('takes the Chinese forms and keys, and shows the settings when asked without arguments', async () => {
      const chat = chatAt('2026-09-20T10:00');
      const reply = chatText(await chat.say(ADMIN, '/branch set 固定党日="每月第一个星期五 15:00" 免打扰=off 换届日期=2024-03-01 党费起算=2026-06'));
      expect(reply).toContain('下次主题党日：10月8日（周四）15:00');
      expect(reply).toContain('10月2日（周五）逢国庆节，调整到10月8日（周四）。');
      expect(await settings()).toEqual({ partyDay: 'first friday 15:00', quiet: 'off', termStarted: '2024-03-01', duesTrackingSince: '2026-06' });
      const shown = chatText(await chat.say(ADMIN, '/支部设置'));
      expect(shown).toContain('免打扰：不设');
      expect(shown).toContain('本届支委会：2024年3月1日起，任期 3 年，2027年3月1日届满');
      expect(shown).toContain('党费从2026年6月起记录');
      expect(chatText(await chat.say(ADMIN, '/branch set partyday="每月第一个星期五 15:00"'))).toBe('设置与现在相同，没有改动。');
    });

    it('turns single reminders off and the 三会一课 items it does not need', async () => {
      const chat = chatAt('2026-11-20T10:00');
      const reply = chatText(await chat.say(ADMIN, '/branch set remind_birthday=off remind_digest=off cadence=group:off,lecture:month'));
      expect(reply).toContain('政治生日祝福关');
      expect(reply).toContain('党小组会不提示');
      expect(await settings()).toEqual({ reminders: { birthday: false, digest: false }, cadence: { group_meeting: 'off', party_lecture: 'month' } });
    });

    it('moves the party days the old rule created and that have not begun', async () => {
      await t().db.organization.update({ where: { id: seeded.branchId }, data: { settings: { partyDay: 'first friday 15:00' } } });
      await tick('2026-11-20T10:00');
      const planned = await t().db.activity.findFirstOrThrow({ where: { occurrenceKey: 'party_day:2026-12' } });
      const reply = chatText(await chatAt('2026-11-21T10:00').say(ADMIN, '/branch set partyday="last friday 15:00"'));
      expect(reply).toContain(`已按新规则调整：12月主题党日由12月4日（周五）15:00改到12月25日（周五）15:00。`);
      const moved = await t().db.activity.findUniqueOrThrow({ where: { id: planned.id } });
      expect(moved.startsAt).toEqual(sh('2026-12-25T15:00'));
      expect(moved.checkInOpensAt).toEqual(sh('2026-12-25T14:30'));
      expect(await t().db.auditLog.count({ where: { action: 'activity.move', entityId: String(planned.id) } })).toBe(1);
    });

    const bad: [string, string][] = [
      ['/branch set partyday=someday', '固定党日「someday」看不懂。可以写：first friday 15:00'],
      ['/branch set partyday=first friday 15:00', '多余的内容「friday 15:00」。设置写成 key=value；值里有空格时请加引号'],
      ['/branch set duesday=32', '党费日应是每月 1 到 31 日中的一天，例如 duesday=5，而不是「32」。'],
      ['/branch set quiet=22:00-22:00', '免打扰时段「22:00-22:00」看不懂'],
      ['/branch set term_started=2025-02-30', '本届支委会任期开始日期「2025-02-30」不是有效日期'],
      ['/branch set shift=sometimes', '固定党日遇节假日的调整方式「sometimes」看不懂。可以写：next_workday（顺延）'],
      ['/branch set timezone=Beijing', '时区「Beijing」不认识，请写 IANA 名称，例如 Asia/Shanghai。'],
      ['/branch set term_years=0', '任期应是 1 到 10 之间的整数年'],
      ['/branch set digest=monday', '每周工作汇总的时间「monday」看不懂'],
      ['/branch set remind_birthday=maybe', '政治生日祝福只能设为 on（开）或 off（关），而不是「maybe」。'],
      ['/branch set cadence=group:weekly', '三会一课提示「group:weekly」看不懂'],
      ['/branch set dues_since=2026-13', '党费起算月份「2026-13」应写成 YYYY-MM'],
      ['/branch set dues_rounding=cent', '党费取整「cent」看不懂'],
      ['/branch set foo=bar', '不认识参数「foo=」。可用的参数：partyday=、shift='],
      ['/branch set duesday=5 partyday=someday', '设置没有改动。'],
    ];
    it.each(bad)('%s: a clear answer in Chinese, and nothing changes', async (line, expected) => {
      const chat = chatAt('2026-11-20T10:00');
      const before = { counts: await rowCounts(t().db), settings: await settings() };
      const replies = await chat.say(ADMIN, line);
      expect(replies).toHaveLength(1);
      expect(chatText(replies)).toContain(expected);
      expect({ counts: await rowCounts(t().db), settings: await settings() }).toEqual(before);
    });

    it('sets how computed dues are rounded, and shows it', async () => {
      const reply = chatText(await chatAt('2026-11-20T10:00').say(ADMIN, '/branch set dues_rounding=jiao:down'));
      expect(reply).toContain('计算结果取到角（舍去）');
      expect(await settings()).toMatchObject({ duesRoundingUnit: 'jiao', duesRoundingMode: 'down' });
    });

    it('is for admins only', async () => {
      const before = await rowCounts(t().db);
      expect(chatText(await chatAt('2026-11-20T10:00').say('张三', '/branch set duesday=5'))).toBe('只有管理员可以使用 /branch set。');
      expect(await rowCounts(t().db)).toEqual(before);
    });
  });

  describe('/branch new', () => {
    it('creates a branch under a parent the admin administers', async () => {
      const chat = chatAt('2026-11-20T10:00');
      expect(chatText(await chat.say(ADMIN, '/branch new 第二党支部 parent=机关工委'))).toBe('已新建「第二党支部」（上级：机关工委）。在该支部的群里发送 /bind 第二党支部 绑定群聊，再用 /branch set 设置固定党日和党费日。');
      expect(await t().db.organization.findUniqueOrThrow({ where: { name: '第二党支部' } })).toMatchObject({ kind: 'branch', parentId: seeded.committeeId });
      expect(await t().db.auditLog.count({ where: { action: 'organization.create' } })).toBe(1);
    });

    it.each([
      [ADMIN, '/branch new 第一党支部', '「第一党支部」已经存在。'],
      [ADMIN, '/branch new 第二党支部 parent=不存在的党委', '没有找到上级组织「不存在的党委」。'],
      [ADMIN, '/branch new 第二党支部 parent=第一党支部', '「第一党支部」是支部，不能作为上级组织。'],
      [ADMIN, '/branch new 二', '组织名称应为 2 到 40 个字。'],
      ['张三', '/branch new 第二党支部', '只有管理员可以使用 /branch new。'],
    ])('%s says "%s": refused, nothing created', async (speaker, line, expected) => {
      const before = await rowCounts(t().db);
      expect(chatText(await chatAt('2026-11-20T10:00').say(speaker, line))).toContain(expected);
      expect(await rowCounts(t().db)).toEqual(before);
    });
  });

  describe('/holidays', () => {
    it('says which years are covered and which are missing', async () => {
      const reply = chatText(await chatAt('2026-11-27T10:00').say(ADMIN, '/holidays'));
      expect(reply).toContain('已覆盖：2004–2026年（chinese-days 1.5.7）');
      expect(reply).toContain('缺少：2027年。');
      await t().db.holidayYear.create({ data: { year: 2027, days: { holidays: { '2027-01-01': '元旦' }, workdays: {} }, source: '国办发明电〔2026〕1号', importedAt: sh('2026-11-27T09:00') } });
      const after = chatText(await chatAt('2026-11-27T10:00').say(ADMIN, '/节假日'));
      expect(after).toContain('已覆盖：2027年（国办发明电〔2026〕1号）');
      expect(after).toContain('今年和明年（2026、2027年）都已覆盖。');
    });
  });

  describe('/remind preview', () => {
    beforeEach(async () => {
      await t().db.organization.update({ where: { id: seeded.branchId }, data: { settings: { partyDay: 'first friday 15:00', duesDay: 5 } } });
    });

    it('tells the secretary in private what would go out on a party day, and to whom', async () => {
      const replies = await chatAt('2026-11-27T10:00').say('张三', '/remind preview 2026-12-04');
      expect(chatText(replies)).toBe('提醒预览已私信发给你。');
      expect(privateText(replies, '张三')).toBe([
        '【提醒预览】第一党支部 · 2026年12月4日（周五）',
        '当天：工作日',
        '本月固定党日（按规则）：12月4日（周五）15:00',
        '本月党费日：12月7日（周一）',
        '  12月5日（周六）逢周末，调整到12月7日（周一）。',
        '提醒（按目前的名册和记录）：',
        '08:30 本支部群聊：主题党日当天通知',
        '15:00 私信 张三、李四、王五、赵六（4 人）：签到提醒',
        '18:00 私信 张三：工作汇总（主题党日后）',
      ].join('\n'));
      expect(await t().db.notification.count()).toBe(0);
    });

    it('explains a day the holidays moved things off', async () => {
      const text = chatText(await chatAt('2026-09-20T10:00').say('张三', '/remind preview 2026-10-02', { chat: 'p2p' }));
      expect(text).toContain('当天：国庆节假期');
      expect(text).toContain('本月固定党日（按规则）：10月8日（周四）15:00');
      expect(text).toContain('10月2日（周五）逢国庆节，调整到10月8日（周四）。');
      expect(text).toContain('这一天没有要发送的提醒。');
    });

    it('a day already past shows what was sent', async () => {
      await tick('2026-12-04T08:00');
      await tick('2026-12-04T08:30');
      const text = privateText(await chatAt('2026-12-04T09:00').say('张三', '/remind preview'), '张三');
      expect(text).toContain('08:30 本支部群聊：主题党日当天通知（已发送）');
    });

    it('refuses a bad date and members', async () => {
      const before = await rowCounts(t().db);
      expect(chatText(await chatAt('2026-11-27T10:00').say('张三', '/remind preview 2026-02-30'))).toContain('日期「2026-02-30」不是有效日期');
      expect(chatText(await chatAt('2026-11-27T10:00').say('李四', '/remind preview'))).toBe('只有本支部书记、组织委员或管理员可以使用 /remind preview。');
      expect(await rowCounts(t().db)).toEqual(before);
    });
  });

  describe('/activity move and /activity cancel', () => {
    beforeEach(async () => {
      await t().db.organization.update({ where: { id: seeded.branchId }, data: { settings: { partyDay: 'first friday 15:00', digest: 'off' } } });
      await tick('2026-11-20T10:00');
    });
    const december = () => t().db.activity.findFirstOrThrow({ where: { occurrenceKey: 'party_day:2026-12' } });

    it('a moved party day is announced at its new time, and what was waiting for the old one is skipped', async () => {
      const activity = await december();
      const waiting = await t().db.notification.create({
        data: { idempotencyKey: `party_day_eve:chat-console:local:console-group:activity-${activity.id}@2026-12-04T15:00`, kind: 'party_day_eve', branchId: seeded.branchId, platform: 'console', tenant: 'local', targetKind: 'chat', targetId: 'console-group', payload: { lines: ['明天'] }, dueAt: sh('2026-12-03T18:00') },
      });
      const reply = chatText(await chatAt('2026-11-25T10:00').say('张三', `/activity move ${activity.id} at=2026-12-11 15:00`));
      expect(reply).toBe(`活动 #${activity.id} 已改期：「12月主题党日」由12月4日（周五）15:00改到12月11日（周五）15:00。`);
      expect(await t().db.notification.findUniqueOrThrow({ where: { id: waiting.id } })).toMatchObject({ status: 'skipped', lastError: 'the activity was moved' });
      expect(await t().db.auditLog.count({ where: { action: 'activity.move' } })).toBe(1);
      const platform = new RecordingPlatform();
      await tick('2026-12-03T18:00', platform);
      await tick('2026-12-10T18:00', platform);
      // (The note is about January 2027, which the rule just created without a holiday calendar.)
      expect(platform.log()).toEqual(['[张三] 主题党日已自动安排', '[群聊] 明日主题党日']);
      expect(platform.textTo('群聊')).toContain('时间：12月11日（周五）15:00');
    });

    it('said in private, the group hears of it too', async () => {
      const activity = await december();
      const replies = await chatAt('2026-11-25T10:00').say('张三', `/活动改期 ${activity.id} at="2026-12-11 16:00"`, { chat: 'p2p' });
      expect(replies.map((r) => [r.to.kind, r.to.id])).toEqual([['chat', 'p2p:张三'], ['chat', 'console-group']]);
    });

    it('a cancelled party day is not announced, and not created again', async () => {
      const activity = await december();
      expect(chatText(await chatAt('2026-11-25T10:00').say('张三', `/activity cancel ${activity.id}`))).toBe(`已取消原定12月4日（周五）15:00的「12月主题党日」（活动 #${activity.id}）。`);
      expect(await t().db.activity.findUniqueOrThrow({ where: { id: activity.id } })).toMatchObject({ status: 'cancelled' });
      const platform = new RecordingPlatform();
      for (const time of ['2026-11-26T10:00', '2026-12-03T18:00', '2026-12-04T08:30', '2026-12-04T15:00']) await tick(time, platform);
      expect(platform.log().filter((l) => l.includes('主题党日') || l.includes('签到'))).toEqual(['[张三] 主题党日已自动安排']);
      expect(await t().db.activity.count({ where: { occurrenceKey: 'party_day:2026-12' } })).toBe(1);
    });

    it.each([
      ['/activity cancel', '请写上活动编号'],
      ['/activity cancel 999999', '「第一党支部」没有编号为 999999 的活动。'],
      ['/activity move 999999 at=2026-12-11 15:00', '「第一党支部」没有编号为 999999 的活动。'],
      ['/activity move {id} at=2026-12-11', '请在日期后写上开始时间'],
      ['/activity move {id} at=2026-11-01 15:00', '新时间11月1日（周日）15:00已经过去'],
      ['/activity move abc at=2026-12-11 15:00', '活动编号「abc」应是一个编号'],
    ])('"%s": refused, nothing changes', async (line, expected) => {
      const activity = await december();
      const before = await rowCounts(t().db);
      expect(chatText(await chatAt('2026-11-25T10:00').say('张三', line.replace('{id}', String(activity.id))))).toContain(expected);
      expect(await rowCounts(t().db)).toEqual(before);
      expect(await december()).toEqual(activity);
    });

    it('a member may not move or cancel', async () => {
      const activity = await december();
      expect(chatText(await chatAt('2026-11-25T10:00').say('李四', `/activity cancel ${activity.id}`))).toBe('只有本支部书记、组织委员或管理员可以使用 /activity cancel。');
    });
  });
});
