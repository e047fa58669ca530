import { describe, expect, it } from 'vitest';
import { readActivity } from '../../src/db/read-activity.js';
import { readLiveCopies } from '../../src/db/read-live-messages.js';
import { readAccount, readWhoAndWhere } from '../../src/db/read-who-and-where.js';
import { addActivity, seedBranch } from '../support/seed.js';
import { testProviders, useTestDatabase } from '../support/test-database.js';
import { CONSOLE_GROUP_CHAT } from '../../src/platforms/console/console-platform.js';

describe.each(testProviders())('the check-in path\'s reads, one raw statement each, on %s', (provider) => {
  const t = useTestDatabase(provider);

  it('reads an account\'s member and role grants as Prisma\'s include reads them', async () => {
    const { db } = t();
    const seeded = await seedBranch(db);
    const zhang = seeded.members['张三']!;
    await db.member.update({ where: { id: zhang }, data: { exempt: true, duesMonthlyFen: 250, duesYear: 2026, leftAt: new Date('2026-11-05T01:02:03.456Z') } });
    await db.roleGrant.create({ data: { memberId: zhang, role: 'admin', organizationId: seeded.committeeId } });
    const byPrisma = await db.identity.findFirst({ where: { platform: 'console', tenant: 'local', platformUserId: '张三' }, include: { member: { include: { roleGrants: { select: { role: true, organizationId: true }, orderBy: { id: 'asc' } } } } } });
    const { roleGrants, ...member } = byPrisma!.member;
    const read = await readAccount(db, { platform: 'console', tenant: 'local', userId: '张三' });
    expect(read).toEqual({ member, grants: roleGrants });
    expect(roleGrants.length).toBe(2);
    const li = await readAccount(db, { platform: 'console', tenant: 'local', userId: '李四' });
    const liByPrisma = await db.member.findUniqueOrThrow({ where: { id: seeded.members['李四']! } });
    expect(li).toEqual({ member: liByPrisma, grants: [] });
    expect(await readAccount(db, { platform: 'console', tenant: 'local', userId: '无此人' })).toBeUndefined();
    expect(await readAccount(db, { platform: 'feishu', tenant: 'local', userId: '张三' })).toBeUndefined();
  });

  it('reads a group chat\'s branch with its settings as Prisma reads them, with the sender in the same statement, each whether or not the other is known', async () => {
    const { db } = t();
    const seeded = await seedBranch(db, { zone: 'Asia/Urumqi' });
    const org = await db.organization.findUniqueOrThrow({ where: { id: seeded.branchId } });
    const expected = { id: org.id, name: org.name, parentId: org.parentId, settings: org.settings };
    const chat = { platform: 'console', tenant: 'local', chatId: CONSOLE_GROUP_CHAT };
    const li = { platform: 'console', tenant: 'local', userId: '李四' };
    const both = await readWhoAndWhere(db, li, chat);
    expect(both.chatBranch).toEqual(expected);
    expect(both.account).toEqual(await readAccount(db, li));
    expect(both.account?.member.id).toBe(seeded.members['李四']);
    expect(await readWhoAndWhere(db, { ...li, userId: '无此人' }, chat)).toEqual({ account: undefined, chatBranch: expected });
    expect(await readWhoAndWhere(db, li, { ...chat, chatId: 'elsewhere' })).toEqual({ account: both.account, chatBranch: undefined });
    expect(await readWhoAndWhere(db, undefined, chat)).toEqual({ account: undefined, chatBranch: expected });
    // The secretary's grant comes once per grant row, the chat's branch on each of them.
    const zhang = await readWhoAndWhere(db, { ...li, userId: '张三' }, chat);
    expect([zhang.account?.grants, zhang.chatBranch]).toEqual([[{ role: 'secretary', organizationId: seeded.branchId }], expected]);
    await db.organization.update({ where: { id: seeded.branchId }, data: { settings: { timezone: 'Asia/Shanghai', badge: false } } });
    expect((await readWhoAndWhere(db, undefined, chat)).chatBranch?.settings).toEqual({ timezone: 'Asia/Shanghai', badge: false });
  });

  it('reads an activity as Prisma\'s findUnique reads it, and nothing for an id not stored', async () => {
    const { db } = t();
    const seeded = await seedBranch(db);
    const plain = await addActivity(db, seeded.branchId, '2026-12-04T15:00:00+08:00');
    const full = await db.activity.update({ where: { id: plain.id }, data: { theme: '学习党章', place: '三楼会议室', occurrenceKey: 'party_day:2026-12', createdBy: 'cli', status: 'cancelled' } });
    expect(await readActivity(db, plain.id)).toEqual(full);
    const other = await addActivity(db, seeded.branchId, '2026-12-11T15:00:00+08:00', 'Asia/Shanghai', '支部党员大会');
    expect(await readActivity(db, other.id)).toEqual(other);
    expect(await readActivity(db, other.id + 100)).toBeUndefined();
  });

  it('reads a live message\'s copies oldest first, at most as many as asked, and only its own', async () => {
    const { db } = t();
    for (const [liveKey, messageId] of [['activity:1', 'm-1'], ['activity:2', 'm-2'], ['activity:1', 'm-3'], ['activity:1', 'm-4']] as const) {
      await db.liveMessage.create({ data: { liveKey, platform: 'feishu', tenant: 't', chatId: 'oc_1', messageId } });
    }
    expect(await readLiveCopies(db, 'activity:1', 2)).toEqual([
      { platform: 'feishu', tenant: 't', chatId: 'oc_1', messageId: 'm-1' },
      { platform: 'feishu', tenant: 't', chatId: 'oc_1', messageId: 'm-3' },
    ]);
    expect((await readLiveCopies(db, 'activity:1', 20)).map((c) => c.messageId)).toEqual(['m-1', 'm-3', 'm-4']);
    expect(await readLiveCopies(db, 'activity:3', 20)).toEqual([]);
  });
});
