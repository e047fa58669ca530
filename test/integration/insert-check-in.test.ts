import { describe, expect, it } from 'vitest';
import { insertCheckInIfNew } from '../../src/db/insert-check-in.js';
import { addActivity, seedBranch } from '../support/seed.js';
import { testProviders, useTestDatabase } from '../support/test-database.js';

const AT = new Date('2026-12-04T07:10:00.123Z');
const WRITTEN = new Date('2026-12-04T07:10:01.456Z');

describe.each(testProviders())('a check-in inserted in one raw statement, on %s', (provider) => {
  const t = useTestDatabase(provider);

  it('reads back through Prisma as its own create writes it; a second insert for the member and activity changes nothing', async () => {
    const { db } = t();
    const seeded = await seedBranch(db);
    const activity = await addActivity(db, seeded.branchId, '2026-12-04T15:00:00+08:00');
    const memberId = seeded.members['李四']!;
    const row = { activityId: activity.id, memberId, status: 'late', via: 'card', checkedInAt: AT, recordedBy: 'feishu:t:ou_li' } as const;
    expect(await insertCheckInIfNew(db, row, WRITTEN)).toBe(true);
    const stored = await db.checkIn.findUniqueOrThrow({ where: { memberId_activityId: { memberId, activityId: activity.id } } });
    expect(stored).toEqual({
      id: stored.id, activityId: activity.id, memberId, status: 'late', via: 'card', checkedInAt: AT, leaveReason: null, leaveDecision: null,
      decidedById: null, decidedAt: null, recordedBy: 'feishu:t:ou_li', createdAt: WRITTEN, updatedAt: WRITTEN,
    });
    // Compared and ordered like Prisma's own rows: the attendance model's window queries read it.
    expect(await db.checkIn.count({ where: { checkedInAt: { gte: AT, lt: new Date(AT.getTime() + 1) } } })).toBe(1);
    expect(await insertCheckInIfNew(db, { ...row, status: 'present', checkedInAt: WRITTEN }, WRITTEN)).toBe(false);
    expect(await db.checkIn.findMany()).toEqual([stored]);
  });
});
