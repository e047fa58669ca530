import { setTimeout as sleep } from 'node:timers/promises';
import { beforeEach, describe, expect, it } from 'vitest';
import type { SendResult } from '../../src/bot/types.js';
import { openDatabase, type Db } from '../../src/db/client.js';
import { silentLogger } from '../../src/logger.js';
import { dispatchDue } from '../../src/reminders/dispatcher.js';
import { loadHolidayCalendar } from '../../src/reminders/load-holiday-calendar.js';
import { planReminders } from '../../src/reminders/planner.js';
import { runReminderTick } from '../../src/reminders/reminder-tick.js';
import { RecordingPlatform } from '../support/recording-platform.js';
import { seedBranch, type SeededBranch } from '../support/seed.js';
import { testProviders, useTestDatabase } from '../support/test-database.js';

const sh = (local: string) => new Date(`${local}+08:00`);

describe.each(testProviders())('the reminder engine on %s', (provider) => {
  const t = useTestDatabase(provider);
  let seeded: SeededBranch;
  let platform: RecordingPlatform;
  const deps = () => ({ db: t().db, platforms: new Map([['console', platform] as const]), log: silentLogger, defaultZone: 'Asia/Shanghai' });
  const tick = (local: string) => runReminderTick(deps(), sh(local));

  beforeEach(async () => {
    seeded = await seedBranch(t().db);
    await t().db.organization.update({ where: { id: seeded.branchId }, data: { settings: { partyDay: 'first friday 15:00', digest: 'off' } } });
    platform = new RecordingPlatform();
  });

  it('creates the party day a month ahead, once, and sends its notices on time, once', async () => {
    await tick('2026-11-04T09:00');
    const keys = async () => (await t().db.activity.findMany({ orderBy: { startsAt: 'asc' } })).map((a) => a.occurrenceKey);
    expect(await keys()).toEqual(['party_day:2026-11']);
    await tick('2026-11-04T15:01');
    await tick('2026-11-04T15:02');
    expect(await keys()).toEqual(['party_day:2026-11', 'party_day:2026-12']);
    const activity = await t().db.activity.findFirstOrThrow({ where: { occurrenceKey: 'party_day:2026-12' } });
    expect(activity).toMatchObject({ kind: 'party_day', title: '12月主题党日', occurrenceKey: 'party_day:2026-12', createdBy: 'system' });
    expect(activity.startsAt.toISOString()).toBe('2026-12-04T07:00:00.000Z');

    // A month ahead of 1 January 2027, which no holiday calendar covers yet: a Friday, kept (Monday to Friday are assumed
    // workdays), and the secretary is told the day may still move.
    await tick('2026-12-03T17:59');
    expect(platform.log()).toEqual(['[张三] 主题党日已自动安排']);
    expect(platform.textTo('张三')).toContain('2027年的节假日安排尚未导入，暂按周一至周五为工作日安排；导入后，1月1日（周五）可能还会变动。');
    platform.clear();
    await tick('2026-12-03T18:00');
    await tick('2026-12-03T18:01');
    expect(platform.log()).toEqual(['[群聊] 明日主题党日']);
    expect(platform.textTo('群聊')).toBe('【明日主题党日】\n时间：12月4日（周五）15:00\n不能参加的同志，请提前在群里发送「请假 理由」，由书记审批。');

    platform.clear();
    await tick('2026-12-04T08:30');
    expect(platform.sent).toHaveLength(1);
    expect(platform.sent[0]?.message.buttons).toEqual([{ label: '签到', style: 'primary', action: { command: '签到', activityId: String(activity.id) } }]);
    expect(platform.textTo('群聊')).toContain('请佩戴党员徽章');

    platform.clear();
    await t().db.checkIn.create({ data: { activityId: activity.id, memberId: seeded.members['李四'] ?? 0, status: 'present', checkedInAt: sh('2026-12-04T14:40') } });
    await t().db.checkIn.create({ data: { activityId: activity.id, memberId: seeded.members['王五'] ?? 0, status: 'leave', leaveReason: '出差', leaveDecision: 'pending' } });
    await tick('2026-12-04T15:00');
    await tick('2026-12-04T15:00');
    expect(platform.log().sort()).toEqual(['[张三] 签到提醒', '[赵六] 签到提醒']);
    // The long jump from 4 November to 3 December was a week of catch-up: 赵六's political birthday
    // (27 November) was no longer worth a greeting, and is recorded as skipped.
    const unsent = await t().db.notification.findMany({ where: { status: { not: 'sent' } }, orderBy: { id: 'asc' } });
    expect(unsent.map((n) => [n.kind, n.status, n.lastError])).toEqual([
      ['birthday_greeting', 'skipped', 'no longer useful when planned (catch-up after downtime)'],
      ['birthday_today', 'skipped', 'no longer useful when planned (catch-up after downtime)'],
    ]);
  });

  it('planned but not sent (the process died): a fresh dispatcher sends the rest once', async () => {
    await tick('2026-11-10T10:00');
    const calendar = await loadHolidayCalendar(t().db);
    await planReminders({ db: t().db, calendar, defaultZone: 'Asia/Shanghai', log: silentLogger }, sh('2026-12-04T15:00'));
    const planned = await t().db.notification.count({ where: { status: 'pending' } });
    expect(planned).toBeGreaterThan(0);
    expect(platform.sent).toHaveLength(0);

    const restarted = new RecordingPlatform();
    const fresh = { ...deps(), platforms: new Map([['console', restarted] as const]), workerId: 'after-restart' };
    await dispatchDue(fresh, sh('2026-12-04T15:00'));
    await dispatchDue(fresh, sh('2026-12-04T15:01'));
    await runReminderTick(fresh, sh('2026-12-04T15:02'));
    expect(restarted.sent).toHaveLength(planned);
    expect(await t().db.notification.count({ where: { status: 'sent' } })).toBe(planned);
  });

  it('after downtime, the morning notice is still sent until the start, the nudge for an hour after, the rest is skipped', async () => {
    await tick('2026-11-20T10:00');
    await tick('2026-12-03T17:00');
    platform.clear();
    // Down from 17:00 on the eve until 10:00 on the day: the eve notice is over, the morning notice is still useful.
    await tick('2026-12-04T10:00');
    expect(platform.log()).toEqual(['[群聊] 今日主题党日']);
    expect(await t().db.notification.findFirstOrThrow({ where: { kind: 'party_day_eve' } })).toMatchObject({ status: 'skipped' });
    // Down again from 10:00 to 15:50: the nudge at 15:00 is still worth sending; at 16:01 it would not be.
    await tick('2026-12-04T15:50');
    expect(platform.log().filter((l) => l.endsWith('签到提醒'))).toHaveLength(4);
  });

  it('a nudge more than an hour late is skipped, not sent', async () => {
    await tick('2026-11-20T10:00');
    await tick('2026-12-04T14:00');
    platform.clear();
    await tick('2026-12-04T16:01');
    expect(platform.log()).toEqual([]);
    expect(await t().db.notification.count({ where: { kind: 'party_day_nudge', status: 'skipped' } })).toBe(4);
  });

  it('a branch in Berlin hears on its own clock, whatever the day is in UTC or in Shanghai', async () => {
    await t().db.organization.update({ where: { id: seeded.branchId }, data: { settings: { timezone: 'Europe/Berlin', partyDay: 'first friday 15:00', digest: 'off' } } });
    const at = (iso: string) => runReminderTick(deps(), new Date(iso));
    await at('2026-11-20T10:00:00Z');
    expect((await t().db.activity.findFirstOrThrow({ where: { occurrenceKey: 'party_day:2026-12' } })).startsAt.toISOString()).toBe('2026-12-04T14:00:00.000Z');
    // 赵六's political birthday (27 November): 09:00 in Shanghai is 02:00 in Berlin, and midnight UTC is 01:00 in Berlin.
    await at('2026-11-27T00:00:00Z');
    await at('2026-11-27T01:00:00Z');
    await at('2026-11-27T07:59:00Z');
    expect(platform.log()).toEqual([]);
    await at('2026-11-27T08:00:00Z');
    expect(platform.log().sort()).toEqual(['[张三] 今日政治生日', '[赵六] 政治生日']);
    platform.clear();
    await at('2026-12-04T07:29:00Z');
    expect(platform.log()).toEqual(['[张三] 主题党日已自动安排']); // January 2027, a month ahead
    platform.clear();
    await at('2026-12-04T07:30:00Z');
    expect(platform.log()).toEqual(['[群聊] 今日主题党日']);
  });

  it('a private reminder goes to one account: on a platform the branch has a group on, else the oldest', async () => {
    const db = t().db;
    const addMember = async (name: string, accounts: [platform: string, tenant: string, id: string][]) => {
      const member = await db.member.create({ data: { name, branchId: seeded.branchId, joinedAt: '2010-11-27' } });
      for (const [platform, tenant, id] of accounts) await db.identity.create({ data: { platform, tenant, platformUserId: id, memberId: member.id } });
    };
    // 钱九's oldest account is on DingTalk, where the branch has no group; 孙八 has only DingTalk.
    await addMember('钱九', [['dingtalk', 'corp', 'staff-9'], ['console', 'local', '钱九']]);
    await addMember('孙八', [['dingtalk', 'corp', 'staff-8']]);
    await tick('2026-11-27T09:00');
    const greetings = await db.notification.findMany({ where: { kind: 'birthday_greeting' }, include: { member: true }, orderBy: { id: 'asc' } });
    expect(greetings.map((n) => [n.member?.name, n.platform, n.targetId])).toEqual([['赵六', 'console', '赵六'], ['钱九', 'console', '钱九'], ['孙八', 'dingtalk', 'staff-8']]);
  });

  describe('when sending fails', () => {
    // 赵六 was admitted on 27 November 1996: at 09:00 on 27 November he is greeted and 张三, the secretary, told.
    const failingFor = (name: string, result: SendResult, times = Infinity) => {
      let failures = 0;
      return new RecordingPlatform('console', ({ to }) => (to.label === name && failures++ < times ? result : { ok: true }));
    };
    const greeting = () => t().db.notification.findFirstOrThrow({ where: { kind: 'birthday_greeting' } });

    it('retries with backoff, waits as long as the platform asks, and sends once it works', async () => {
      platform = failingFor('赵六', { ok: false, isRetryable: true, error: '429 too many requests', retryAfterMs: 90_000 }, 2);
      await tick('2026-11-27T08:59');
      await tick('2026-11-27T09:00');
      expect(await greeting()).toMatchObject({ status: 'pending', attempts: 1, lastError: '429 too many requests', dueAt: sh('2026-11-27T09:01:30') });
      await tick('2026-11-27T09:01');
      expect(platform.attempts.filter((a) => a.to.label === '赵六')).toHaveLength(1);
      await tick('2026-11-27T09:02');
      expect(await greeting()).toMatchObject({ status: 'pending', attempts: 2, dueAt: sh('2026-11-27T09:04') });
      await tick('2026-11-27T09:04');
      expect(await greeting()).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
      expect(platform.log()).toEqual(['[张三] 今日政治生日', '[赵六] 政治生日']);
    });

    it('gives up after five tries and tells the secretary in private, without the content', async () => {
      platform = failingFor('赵六', { ok: false, isRetryable: true, error: '502 bad gateway' });
      for (const time of ['09:00', '09:01', '09:03', '09:07', '09:15', '09:16']) await tick(`2026-11-27T${time}`);
      expect(await greeting()).toMatchObject({ status: 'failed', attempts: 5, lastError: '502 bad gateway' });
      expect(platform.attempts.filter((a) => a.to.label === '赵六')).toHaveLength(5);
      expect(platform.log()).toEqual(['[张三] 今日政治生日', '[张三] 提醒发送失败']);
      expect(platform.textTo('张三')).toContain('「政治生日祝福」发给赵六的消息多次发送失败，已停止重试。');
    });

    it('does not retry what cannot work (a bad recipient)', async () => {
      platform = failingFor('赵六', { ok: false, isRetryable: false, error: 'user not found' });
      await tick('2026-11-27T09:00');
      await tick('2026-11-27T09:01');
      expect(await greeting()).toMatchObject({ status: 'failed', attempts: 1 });
      expect(platform.log()).toEqual(['[张三] 今日政治生日', '[张三] 提醒发送失败']);
    });
  });

  describe('quiet hours', () => {
    it('hold a message until they end', async () => {
      await t().db.organization.update({ where: { id: seeded.branchId }, data: { settings: { digest: 'off', quiet: '08:00-10:00' } } });
      await tick('2026-11-27T08:59');
      await tick('2026-11-27T09:00');
      await tick('2026-11-27T09:59');
      expect(platform.sent).toEqual([]);
      expect(await t().db.notification.findFirstOrThrow({ where: { kind: 'birthday_greeting' } })).toMatchObject({ status: 'pending', dueAt: sh('2026-11-27T10:00') });
      await tick('2026-11-27T10:00');
      expect(platform.log().sort()).toEqual(['[张三] 今日政治生日', '[赵六] 政治生日']);
    });

    it('a retry that falls into them waits for the morning', async () => {
      platform = new RecordingPlatform('console', ({ to }, n) => (to.label === '赵六' && n <= 2 ? { ok: false, isRetryable: true, error: 'timeout', retryAfterMs: 13 * 3600_000 } : { ok: true }));
      await tick('2026-11-27T09:00');
      const retry = await t().db.notification.findFirstOrThrow({ where: { kind: 'birthday_greeting' } });
      expect(retry.dueAt).toEqual(sh('2026-11-27T22:00'));
      await tick('2026-11-27T22:00');
      // Held by the quiet hours until 08:00, when the birthday is over: it is given up, and the secretary told.
      expect(await t().db.notification.findFirstOrThrow({ where: { kind: 'birthday_greeting' } })).toMatchObject({ status: 'pending', dueAt: sh('2026-11-28T08:00'), attempts: 1 });
      await tick('2026-11-28T08:00');
      expect(await t().db.notification.findFirstOrThrow({ where: { kind: 'birthday_greeting' } })).toMatchObject({ status: 'failed' });
    });

    it('what they would delay past its usefulness is recorded as skipped, not sent late', async () => {
      await t().db.organization.update({ where: { id: seeded.branchId }, data: { settings: { partyDay: 'first friday 15:00', digest: 'off', quiet: '17:00-08:00' } } });
      await tick('2026-12-03T12:00');
      await tick('2026-12-03T18:00');
      expect(await t().db.notification.findFirstOrThrow({ where: { kind: 'party_day_eve' } })).toMatchObject({ status: 'skipped', lastError: 'quiet hours last until it is no longer useful' });
      await tick('2026-12-04T08:30');
      expect(platform.log()).toEqual(['[张三] 主题党日已自动安排', '[群聊] 今日主题党日']);
    });
  });

  // Two bot processes share a database only on PostgreSQL. (Two SQLite connections in one test
  // process would block each other: better-sqlite3 waits for a lock synchronously.)
  it.runIf(provider === 'postgresql')('two dispatchers on one database, each with its own connection, send every notification once', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => ({
      idempotencyKey: `test:member-${i}:x`, kind: 'digest', branchId: seeded.branchId, platform: 'console', tenant: 'local',
      targetKind: 'user', targetId: `user-${i}`, payload: { lines: [`#${i}`] }, dueAt: sh('2026-12-04T09:00'),
    }));
    await t().db.notification.createMany({ data: rows });
    const other = await openDatabase(t().url);
    try {
      // Each send yields, so the two passes interleave.
      const slow = () => new RecordingPlatform('console', async () => {
        await sleep(1);
        return { ok: true };
      });
      const [a, b] = [slow(), slow()];
      const pass = (db: Db, p: RecordingPlatform, workerId: string) => dispatchDue({ ...deps(), db, platforms: new Map([['console', p] as const]), workerId }, sh('2026-12-04T09:00'));
      await Promise.all([pass(t().db, a, 'process-a'), pass(other.db, b, 'process-b')]);
      const sent = [...a.sent, ...b.sent].map((d) => d.to.id);
      expect(sent).toHaveLength(60);
      expect(new Set(sent).size).toBe(60);
      expect(await t().db.notification.count({ where: { status: 'sent' } })).toBe(60);
    } finally {
      await other.close();
    }
  });

  it.runIf(provider === 'postgresql')('two bot processes ticking at the same moment create each activity once and send each notice once', async () => {
    const other = await openDatabase(t().url);
    try {
      const b = new RecordingPlatform();
      const otherDeps = { ...deps(), db: other.db, platforms: new Map([['console', b] as const]) };
      await Promise.all([tick('2026-11-10T10:00'), runReminderTick(otherDeps, sh('2026-11-10T10:00'))]);
      expect(await t().db.activity.count({ where: { occurrenceKey: 'party_day:2026-12' } })).toBe(1);
      await Promise.all([tick('2026-12-04T08:30'), runReminderTick(otherDeps, sh('2026-12-04T08:30'))]);
      expect(await t().db.activity.count({ where: { occurrenceKey: 'party_day:2027-01' } })).toBe(1);
      expect([...platform.log(), ...b.log()].sort()).toEqual(['[张三] 主题党日已自动安排', '[群聊] 今日主题党日']);
    } finally {
      await other.close();
    }
  });
});
