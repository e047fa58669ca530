import type { Db } from '../../src/db/client.js';
import { checkInWindow } from '../../src/domain/check-in-window.js';
import { CONSOLE_GROUP_CHAT } from '../../src/platforms/console/console-platform.js';

/** Seeded members were on the roster long before any simulated day, whatever day the suite runs. */
export const ON_ZHIBU_SINCE = new Date('2020-01-01T00:00:00Z');
/** When the seeded branch began to use zhibu: dues are tracked from that month. */
export const BRANCH_ON_ZHIBU_SINCE = new Date('2026-11-01T00:00:00+08:00');

export interface SeededBranch {
  committeeId: number;
  branchId: number;
  members: Record<string, number>;
}

export interface SeedOptions {
  name?: string;
  zone?: string;
  /** Where the members' accounts and the bound group live; the console by default. */
  platform?: 'console' | 'feishu' | 'dingtalk';
  tenant?: string;
  chatId?: string;
  /** A member's account id on the platform; the console uses the name. */
  accountOf?: (name: string) => string;
}

/**
 * A working committee with one branch bound to a group chat: 张三 its secretary, 李四, 王五
 * and 赵六 members, each with an account (on the console, named after them).
 */
export async function seedBranch(db: Db, options: SeedOptions = {}): Promise<SeededBranch> {
  const { name = '第一党支部', zone, platform = 'console', tenant = 'local', chatId = CONSOLE_GROUP_CHAT, accountOf = (n: string) => n } = options;
  const committee = await db.organization.upsert({ where: { name: '机关工委' }, create: { name: '机关工委', kind: 'working_committee' }, update: {} });
  // On zhibu since November 2026, the month the tests' world begins (dues are tracked from then), whatever day the suite runs.
  const branch = await db.organization.create({ data: { name, kind: 'branch', parentId: committee.id, createdAt: BRANCH_ON_ZHIBU_SINCE, ...(zone ? { settings: { timezone: zone } } : {}) } });
  const members: Record<string, number> = {};
  for (const [person, joinedAt] of [['张三', '2008-07-01'], ['李四', '2015-06-28'], ['王五', '2020-03-12'], ['赵六', '1996-11-27']] as const) {
    const member = await db.member.create({ data: { name: person, branchId: branch.id, joinedAt, createdAt: ON_ZHIBU_SINCE } });
    await db.identity.create({ data: { platform, tenant, platformUserId: accountOf(person), displayName: person, memberId: member.id } });
    members[person] = member.id;
  }
  await db.roleGrant.create({ data: { memberId: members['张三'] ?? 0, role: 'secretary', organizationId: branch.id } });
  await db.chatBinding.create({ data: { platform, tenant, chatId, branchId: branch.id } });
  return { committeeId: committee.id, branchId: branch.id, members };
}

/** A scheduled activity of the branch starting at `startsAt`, with its check-in window. */
export async function addActivity(db: Db, branchId: number, startsAt: string, zone = 'Asia/Shanghai', title = '主题党日') {
  const start = new Date(startsAt);
  const window = checkInWindow(start, zone);
  return db.activity.create({
    data: { branchId, kind: 'party_day', title, startsAt: start, checkInOpensAt: window.opensAt, checkInClosesAt: window.closesAt, lateAfter: window.lateAfter },
  });
}

/** 第二党支部 under the same committee, bound to chat "group-2", with 孙八 on its roster (its secretary if asked). */
export async function seedOtherBranch(db: Db, committeeId: number, options: { isSecretary?: boolean } = {}) {
  const branch = await db.organization.create({ data: { name: '第二党支部', kind: 'branch', parentId: committeeId } });
  const member = await db.member.create({ data: { name: '孙八', branchId: branch.id, joinedAt: '2012-07-01', createdAt: ON_ZHIBU_SINCE } });
  await db.identity.create({ data: { platform: 'console', tenant: 'local', platformUserId: '孙八', memberId: member.id } });
  await db.chatBinding.create({ data: { platform: 'console', tenant: 'local', chatId: 'group-2', branchId: branch.id } });
  if (options.isSecretary) await db.roleGrant.create({ data: { memberId: member.id, role: 'secretary', organizationId: branch.id } });
  return { branchId: branch.id, memberId: member.id };
}
