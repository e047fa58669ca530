import { describe, expect, it } from 'vitest';
import { readAccount, readChatBranch } from '../../src/db/read-who-and-where.js';
import { seedBranch } from '../support/seed.js';
import { testProviders, useTestDatabase } from '../support/test-database.js';
import { CONSOLE_GROUP_CHAT } from '../../src/platforms/console/console-platform.js';

describe.each(testProviders())('who and where in one statement each, on %s', (provider) => {
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

  it('reads a group chat\'s branch with its settings as Prisma reads them, and nothing for an unbound chat', async () => {
    const { db } = t();
    const seeded = await seedBranch(db, { zone: 'Asia/Urumqi' });
    const org = await db.organization.findUniqueOrThrow({ where: { id: seeded.branchId } });
    expect(await readChatBranch(db, { platform: 'console', tenant: 'local', chatId: CONSOLE_GROUP_CHAT })).toEqual({ id: org.id, name: org.name, parentId: org.parentId, settings: org.settings });
    expect(await readChatBranch(db, { platform: 'console', tenant: 'local', chatId: 'elsewhere' })).toBeUndefined();
    await db.organization.update({ where: { id: seeded.branchId }, data: { settings: { timezone: 'Asia/Shanghai', badge: false } } });
    expect((await readChatBranch(db, { platform: 'console', tenant: 'local', chatId: CONSOLE_GROUP_CHAT }))?.settings).toEqual({ timezone: 'Asia/Shanghai', badge: false });
  });
});
