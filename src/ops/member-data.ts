import type { Db, Member, Prisma } from '../db/client.js';
import { normalizeName } from '../domain/names.js';
import { OpsError } from './backup.js';

/** The member a name or an id names; an ambiguous name is refused with the candidates. */
export async function findMember(db: Db, ref: string): Promise<Member> {
  const id = /^#?\d+$/.test(ref.trim()) ? Number(ref.trim().replace('#', '')) : undefined;
  const matches = id !== undefined
    ? await db.member.findMany({ where: { id }, include: { branch: true } })
    : await db.member.findMany({ where: { name: normalizeName(ref) }, include: { branch: true }, take: 10 });
  const [only] = matches;
  if (!only) throw new OpsError(`no member ${id !== undefined ? `with id ${id}` : `named "${ref}"`}.`);
  if (matches.length > 1) {
    throw new OpsError(`several members are named "${ref}"; give the id instead:\n${matches.map((m) => `  ${m.id}  ${m.name}  ${m.branch.name}${m.leftAt ? ' (left)' : ''}`).join('\n')}`);
  }
  return only;
}

/** Everything zhibu holds about one person, for a data request under PIPL (个人信息保护法). */
export async function exportMemberData(db: Db, member: Member) {
  const identities = await db.identity.findMany({ where: { memberId: member.id } });
  const accountKeys = identities.map((i) => `${i.platform}:${i.tenant}:${i.platformUserId}`);
  const [branch, roleGrants, checkIns, leaveDecisions, duesRecords, notifications, auditLog] = await Promise.all([
    db.organization.findUnique({ where: { id: member.branchId }, select: { id: true, name: true } }),
    db.roleGrant.findMany({ where: { memberId: member.id }, include: { organization: { select: { name: true } } } }),
    db.checkIn.findMany({ where: { memberId: member.id }, include: { activity: { select: { id: true, title: true, kind: true, startsAt: true } } }, orderBy: { id: 'asc' } }),
    db.checkIn.findMany({ where: { decidedById: member.id }, select: { id: true, activityId: true, leaveDecision: true, decidedAt: true } }),
    db.duesRecord.findMany({ where: { memberId: member.id }, orderBy: { month: 'asc' } }),
    db.notification.findMany({ where: { memberId: member.id }, orderBy: { id: 'asc' } }),
    db.auditLog.findMany({
      where: { OR: [{ actorMemberId: member.id }, { actor: { in: accountKeys } }, { entity: 'Member', entityId: String(member.id) }] },
      orderBy: { id: 'asc' },
    }),
  ]);
  return { exportedAt: new Date().toISOString(), member, branch, identities, roleGrants, checkIns, leaveDecisions, duesRecords, notifications, auditLog };
}

/**
 * Removes a person's personal data and keeps what the branch's ledgers need as anonymous
 * rows: attendance marks (present, late, excused) and dues amounts by month stay, so totals
 * and rates do not change; names, dates, accounts, roles, leave reasons, messages and
 * notes go. Writes an audit entry that says so, without the name.
 */
export async function eraseMemberData(db: Db, member: Member, actor: string, now = new Date()): Promise<void> {
  const identities = await db.identity.findMany({ where: { memberId: member.id } });
  const accountKeys = identities.map((i) => `${i.platform}:${i.tenant}:${i.platformUserId}`);
  const senders = new Set(identities.map((i) => `${i.platform}:${i.platformUserId}`));
  const staleEvents = await inboundEventsFrom(db, senders);
  const anonymous = `已删除成员${member.id}`;
  await db.$transaction([
    db.member.update({
      where: { id: member.id },
      data: { name: anonymous, joinedAt: null, probationStartedAt: null, convertedAt: null, duesMonthlyFen: null, duesYear: null, exempt: false, leftAt: member.leftAt ?? now },
    }),
    db.identity.deleteMany({ where: { memberId: member.id } }),
    db.roleGrant.deleteMany({ where: { memberId: member.id } }),
    db.checkIn.updateMany({ where: { memberId: member.id }, data: { leaveReason: null, recordedBy: null } }),
    db.duesRecord.updateMany({ where: { memberId: member.id }, data: { note: null } }),
    db.notification.deleteMany({ where: { memberId: member.id } }),
    db.inboundEvent.deleteMany({ where: { id: { in: staleEvents } } }),
    db.auditLog.updateMany({ where: { actor: { in: accountKeys } }, data: { actor: 'erased' } }),
    db.auditLog.updateMany({ where: { OR: [{ actorMemberId: member.id }, { entity: 'Member', entityId: String(member.id) }] }, data: { detail: { erased: true } } }),
    db.auditLog.create({ data: { actor, action: 'member.erase', entity: 'Member', entityId: String(member.id), organizationId: member.branchId, detail: { erased: true } satisfies Prisma.InputJsonValue } }),
  ]);
}

/** Ids of kept inbound messages sent by these accounts ("platform:userId"), scanned in batches. */
async function inboundEventsFrom(db: Db, senders: Set<string>): Promise<number[]> {
  const ids: number[] = [];
  let cursor = 0;
  for (;;) {
    const batch = await db.inboundEvent.findMany({ where: { id: { gt: cursor } }, orderBy: { id: 'asc' }, take: 1000, select: { id: true, platform: true, payload: true } });
    if (batch.length === 0) return ids;
    for (const row of batch) {
      const sender = (row.payload as { senderId?: unknown } | null)?.senderId;
      if (typeof sender === 'string' && senders.has(`${row.platform}:${sender}`)) ids.push(row.id);
    }
    cursor = batch.at(-1)?.id ?? cursor;
  }
}
