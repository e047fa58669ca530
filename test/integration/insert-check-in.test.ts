import { describe, expect, it } from 'vitest';
import { insertCheckInIfNew, insertCheckInsIfNew } from '../../src/db/insert-check-in.js';
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
    const row = { activityId: activity.id, memberId, status: 'late', via: 'card', checkedInAt: AT, recordedBy: 'feishu:t:ou_li', writtenAt: WRITTEN } as const;
    expect(await insertCheckInIfNew(db, row)).toBe(true);
    const stored = await db.checkIn.findUniqueOrThrow({ where: { memberId_activityId: { memberId, activityId: activity.id } } });
    expect(stored).toEqual({
      id: stored.id, activityId: activity.id, memberId, status: 'late', via: 'card', checkedInAt: AT, leaveReason: null, leaveDecision: null,
      decidedById: null, decidedAt: null, recordedBy: 'feishu:t:ou_li', createdAt: WRITTEN, updatedAt: WRITTEN,
    });
    // Compared and ordered like Prisma's own rows: the attendance model's window queries read it.
    expect(await db.checkIn.count({ where: { checkedInAt: { gte: AT, lt: new Date(AT.getTime() + 1) } } })).toBe(1);
    expect(await insertCheckInIfNew(db, { ...row, status: 'present', checkedInAt: WRITTEN })).toBe(false);
    expect(await db.checkIn.findMany()).toEqual([stored]);
  });

  it('check-ins arriving together share one statement: each says whether it was new, a second copy in the batch and a row stored before are not', async () => {
    const { db } = t();
    const seeded = await seedBranch(db);
    const activity = await addActivity(db, seeded.branchId, '2026-12-04T15:00:00+08:00');
    const [zhang, li, wang] = (['张三', '李四', '王五'] as const).map((name) => seeded.members[name]!);
    const row = (memberId: number, recordedBy = 'r') => ({ activityId: activity.id, memberId, status: 'present', via: 'card', checkedInAt: AT, recordedBy, writtenAt: WRITTEN } as const);
    await insertCheckInsIfNew(db, [row(wang!)]);
    expect(await insertCheckInsIfNew(db, [row(li!, 'first'), row(wang!), row(zhang!), row(li!, 'second')])).toEqual([true, false, true, false]);
    const stored = await db.checkIn.findMany({ orderBy: { memberId: 'asc' }, select: { memberId: true, recordedBy: true } });
    expect(stored).toEqual([{ memberId: zhang, recordedBy: 'r' }, { memberId: li, recordedBy: 'first' }, { memberId: wang, recordedBy: 'r' }]);
    // Handed in at once, they are written together and each caller hears about its own row.
    const zhao = seeded.members['赵六']!;
    const other = await addActivity(db, seeded.branchId, '2026-12-11T15:00:00+08:00');
    const results = await Promise.all([row(zhao), { ...row(zhao), activityId: other.id }, row(zhao), row(li!)].map((r) => insertCheckInIfNew(db, r)));
    expect(results).toEqual([true, true, false, false]);
    expect(await db.checkIn.count()).toBe(5);
  });
});
