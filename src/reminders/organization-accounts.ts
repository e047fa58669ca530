import type { PlatformName, Recipient } from '../bot/types.js';
import type { Db } from '../db/client.js';

/** One chat account per member, for a private message; members without one are left out. */
export async function accountsOf(db: Db, memberIds: number[]): Promise<Map<number, Recipient>> {
  const found = new Map<number, Recipient>();
  if (memberIds.length === 0) return found;
  const identities = await db.identity.findMany({ where: { memberId: { in: memberIds }, platform: { in: ['feishu', 'dingtalk', 'console'] satisfies PlatformName[] } }, include: { member: { select: { name: true } } }, orderBy: { id: 'asc' } });
  for (const i of identities) {
    if (found.has(i.memberId)) continue;
    found.set(i.memberId, { platform: i.platform as PlatformName, tenant: i.tenant, kind: 'user', id: i.platformUserId, label: i.member.name });
  }
  return found;
}
