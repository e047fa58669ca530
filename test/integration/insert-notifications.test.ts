import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { insertNotifications, type NotificationRow } from '../../src/db/insert-notifications.js';
import { silentLogger } from '../../src/logger.js';
import { loadHolidayCalendar } from '../../src/reminders/load-holiday-calendar.js';
import { planReminders } from '../../src/reminders/planner.js';
import { testProviders, useTestDatabase } from '../support/test-database.js';

const sh = (local: string) => new Date(`${local}+08:00`);
/** More members than one driver chunk (1,000 rows), so a day's dues notices take several. */
const MEMBERS = 1_300;

function row(i: number, overrides: Partial<NotificationRow> = {}): NotificationRow {
  return {
    idempotencyKey: `test:member-${i}:2026-12`, kind: 'dues_reminder', branchId: null, memberId: null, platform: 'console', tenant: 'local',
    targetKind: 'user', targetId: `u${i}`, payload: JSON.stringify({ title: '党费缴纳提醒', lines: [`第 ${i} 条`] }),
    dueAt: sh('2026-12-04T09:00'), expiresAt: i % 2 === 0 ? null : sh('2026-12-05T00:00'), status: i % 3 === 0 ? 'skipped' : 'pending', lastError: i % 3 === 0 ? 'why' : null,
    ...overrides,
  };
}

describe.each(testProviders())('writing outbox rows on %s', (provider) => {
  const t = useTestDatabase(provider);

  it('writes each key once, reports only the new ones, and reads back as written', async () => {
    const now = sh('2026-12-04T08:00');
    const first = await insertNotifications(t().db, Array.from({ length: 1_500 }, (_, i) => row(i)), now);
    expect(first.size).toBe(1_500);
    // Overlapping the first write, and a key twice in one call: only the unseen ones are new.
    const second = await insertNotifications(t().db, [...Array.from({ length: 1_000 }, (_, i) => row(i + 1_000, { targetId: 'changed' })), row(1_999)], now);
    expect([...second].sort()).toEqual(Array.from({ length: 500 }, (_, i) => `test:member-${i + 1_500}:2026-12`).sort());
    expect(await t().db.notification.count()).toBe(2_000);
    expect(await t().db.notification.count({ where: { targetId: 'changed' } })).toBe(500);

    const stored = await t().db.notification.findUniqueOrThrow({ where: { idempotencyKey: 'test:member-3:2026-12' } });
    expect(stored).toMatchObject({
      kind: 'dues_reminder', targetId: 'u3', payload: { title: '党费缴纳提醒', lines: ['第 3 条'] },
      dueAt: sh('2026-12-04T09:00'), expiresAt: sh('2026-12-05T00:00'), status: 'skipped', lastError: 'why', attempts: 0, createdAt: now,
    });
    // Written rows compare with Prisma's own DateTime values: the dispatcher finds them due.
    expect(await t().db.notification.count({ where: { dueAt: { lte: sh('2026-12-04T09:00') }, expiresAt: null } })).toBe(1_000);
    // What PostgreSQL's array literals must escape arrives as written.
    const awkward = { title: 'NULL', lines: ['引号 " 反斜杠 \\ 花括号 {a,b} 逗号, 换行\n', 'NULL', ''] };
    await insertNotifications(t().db, [row(5_000, { payload: JSON.stringify(awkward), lastError: 'NULL', targetId: '{x,"y"}' })], now);
    expect(await t().db.notification.findUniqueOrThrow({ where: { idempotencyKey: 'test:member-5000:2026-12' } })).toMatchObject({ payload: awkward, lastError: 'NULL', targetId: '{x,"y"}' });
  });

  it('re-planning a day after a crash in the middle of its writing completes it without a duplicate', async () => {
    const { db } = t();
    const branch = await db.organization.create({
      data: { name: '第一党支部', kind: 'branch', createdAt: sh('2026-01-01T09:00'), settings: { partyDay: 'first friday 15:00', duesDay: 4, digest: 'off', duesTrackingSince: '2026-06' } },
    });
    await db.chatBinding.create({ data: { platform: 'console', tenant: 'local', chatId: 'group', branchId: branch.id } });
    await db.member.createMany({
      data: Array.from({ length: MEMBERS }, (_, i) => ({ name: `党员${i}`, branchId: branch.id, status: 'full' as const, joinedAt: `1990-01-${String((i % 28) + 1).padStart(2, '0')}`, duesYear: 2026, duesMonthlyFen: 5000 + (i % 4) * 500 })),
    });
    const members = await db.member.findMany({ select: { id: true }, orderBy: { id: 'asc' } });
    await db.identity.createMany({ data: members.map((m) => ({ platform: 'console', tenant: 'local', platformUserId: `u${m.id}`, memberId: m.id })) });
    const deps = { db, calendar: await loadHolidayCalendar(db), defaultZone: 'Asia/Shanghai', log: silentLogger };
    const at = sh('2026-12-04T09:30');
    await db.plannerCursor.create({ data: { branchId: branch.id, plannedThrough: sh('2026-12-04T00:00') } });

    await planReminders(deps, at);
    const complete = await db.notification.findMany({ select: { idempotencyKey: true, payload: true, dueAt: true, status: true }, orderBy: { idempotencyKey: 'asc' } });
    expect(complete.filter((n) => n.idempotencyKey.startsWith('dues_reminder:')).length).toBe(MEMBERS);

    // The state a crash leaves: some chunks committed, the rest not, the cursor not moved on.
    const committed = complete.filter((_, i) => i % 3 !== 1).map((n) => n.idempotencyKey);
    await db.notification.deleteMany({ where: { idempotencyKey: { notIn: committed } } });
    await db.plannerCursor.update({ where: { branchId: branch.id }, data: { plannedThrough: sh('2026-12-04T00:00') } });
    const summary = await planReminders(deps, at);

    expect(summary.pending + summary.skipped).toBe(complete.length - committed.length);
    expect(await db.notification.findMany({ select: { idempotencyKey: true, payload: true, dueAt: true, status: true }, orderBy: { idempotencyKey: 'asc' } })).toEqual(complete);
    // And planning it once more writes nothing.
    await db.plannerCursor.update({ where: { branchId: branch.id }, data: { plannedThrough: sh('2026-12-04T00:00') } });
    expect(await planReminders(deps, at)).toMatchObject({ pending: 0, skipped: 0 });
    expect(await db.notification.count()).toBe(complete.length);
  });
});

describe('writing outbox rows on SQLite while the driver is not free', () => {
  const t = useTestDatabase('sqlite');
  let now: Date;
  beforeEach(() => {
    now = sh('2026-12-04T08:00');
  });

  it('waits for another process holding the write lock, then writes', async () => {
    const other = new Database(t().url.replace(/^file:/, ''));
    try {
      other.prepare('BEGIN IMMEDIATE').run();
      const writing = insertNotifications(t().db, Array.from({ length: 10 }, (_, i) => row(i)), now);
      await new Promise((resolve) => setTimeout(resolve, 300));
      other.prepare('COMMIT').run();
      expect((await writing).size).toBe(10);
    } finally {
      other.close();
    }
    expect(await t().db.notification.count()).toBe(10);
  });

  it('writes inside an open Prisma transaction as before, through Prisma', async () => {
    const { db } = t();
    await db.$transaction(async (tx) => {
      await tx.plannerCursor.deleteMany();
      expect((await insertNotifications(db, [row(1), row(2)], now)).size).toBe(2);
    });
    expect(await db.notification.count()).toBe(2);
  });
});
