import { actorKey } from '../bot/actor.js';
import type { PlatformName } from '../bot/types.js';
import type { Db, Member, Prisma } from '../db/client.js';
import { reclaimSpace, type ReclaimReport } from '../db/reclaim-space.js';
import { normalizeName } from '../domain/names.js';
import { OpsError } from './backup.js';
import { PERSONAL_DATA, personScrubber, type Person } from './personal-data.js';

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

/** The person behind a member row, with everything that identifies them in the records. */
export async function personOf(db: Db, member: Member, now: Date): Promise<Person> {
  const [identities, reasons, notes, others] = await Promise.all([
    db.identity.findMany({ where: { memberId: member.id } }),
    db.checkIn.findMany({ where: { memberId: member.id, leaveReason: { not: null } }, select: { leaveReason: true } }),
    db.duesRecord.findMany({ where: { memberId: member.id, note: { not: null } }, select: { note: true } }),
    db.member.findMany({ where: { id: { not: member.id } }, select: { name: true } }),
  ]);
  const accounts = identities.map((i) => ({ platform: i.platform, tenant: i.tenant, userId: i.platformUserId }));
  const accountKeys = accounts.map((a) => actorKey({ ...a, platform: a.platform as PlatformName }));
  const label = `已删除成员${member.id}`;
  const identifying = [
    member.name,
    ...identities.flatMap((i) => (i.displayName ? [i.displayName] : [])),
    ...accountKeys,
    ...accounts.map((a) => `${a.platform}:${a.userId}`),
    // A bare user id only when it is long enough not to be a number or word in anyone's text.
    ...accounts.map((a) => a.userId).filter((id) => id.length >= MIN_BARE_ID_CHARS),
  ];
  const ownTexts = [...reasons.map((r) => r.leaveReason ?? ''), ...notes.map((n) => n.note ?? '')];
  return { member, label, accounts, accountKeys, ownTexts, scrub: personScrubber(identifying, ownTexts, label, others.map((o) => o.name)), erasedAt: now };
}

const MIN_BARE_ID_CHARS = 6;

/**
 * Everything zhibu holds about one person, for a data request under PIPL (个人信息保护法): for
 * each place of the personal-data registry, the rows that concern them. `eraseMemberData`
 * acts on the same places, so the two cannot drift apart.
 */
export async function exportMemberData(db: Db, member: Member, now: Date) {
  const person = await personOf(db, member, now);
  const places: Record<string, unknown[]> = {};
  for (const [model, place] of Object.entries(PERSONAL_DATA)) if (place.find) places[model] = await place.find(db, person);
  return { exportedAt: now.toISOString(), member, places };
}

export interface ErasureReport {
  label: string;
  /** Rows changed or deleted, by table. */
  changed: Record<string, number>;
  reclaimed: ReclaimReport;
}

/**
 * Removes a person from the records, place by place of the registry (personal-data.ts): their
 * accounts, roles and messages go; their name and accounts become a stable anonymous label
 * wherever they occur (others' messages, digests, audit details, who recorded what); their
 * dates, reasons and notes are emptied. What the ledgers count stays, anonymous: attendance
 * marks and dues amounts, so totals and rates do not change. Then the freed bytes are
 * reclaimed (reclaim-space.ts). Writes an audit entry that says so, without the name.
 */
export async function eraseMemberData(db: Db, member: Member, actor: string, now: Date): Promise<ErasureReport> {
  const person = await personOf(db, member, now);
  const changed: Record<string, number> = {};
  await db.$transaction(async (tx) => {
    for (const [model, place] of Object.entries(PERSONAL_DATA)) if (place.erase) changed[model] = await place.erase(tx, person);
    await tx.auditLog.create({ data: { actor, at: now, action: 'member.erase', entity: 'Member', entityId: String(member.id), organizationId: member.branchId, detail: { erased: true } satisfies Prisma.InputJsonValue } });
  }, { timeout: ERASE_TIMEOUT_MS, maxWait: ERASE_TIMEOUT_MS });
  const touched = Object.entries(changed).filter(([, count]) => count > 0).map(([model]) => model);
  const reclaimed = await reclaimSpace(db, [...new Set([...touched, 'AuditLog'])]);
  return { label: person.label, changed, reclaimed };
}

/** Scrubbing reads every stored message and audit row once; a big deployment needs a while. */
const ERASE_TIMEOUT_MS = 10 * 60_000;
