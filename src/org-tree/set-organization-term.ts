import type { Db, Prisma } from '../db/client.js';
import { readStoredSettings } from '../domain/branch-settings.js';
import type { IsoDate } from '../domain/dates.js';
import { findLiveOrganization, type TreeActor } from './find-organization.js';

/**
 * Records when an organisation's current term began and, where it differs from its kind's
 * rule, its length: the same settings a branch's `/branch set term_started=` writes. Audited.
 */
export async function setOrganizationTerm(db: Db, input: { name: string; startedOn: IsoDate; years: number | undefined }, who: TreeActor): Promise<void> {
  const org = await findLiveOrganization(db, input.name);
  const stored = typeof org.settings === 'object' && org.settings !== null ? (org.settings as Record<string, unknown>) : {};
  const before = readStoredSettings(org.settings);
  const settings = { ...stored, termStarted: input.startedOn, ...(input.years === undefined ? {} : { termYears: input.years }) } as Prisma.InputJsonObject;
  await db.$transaction(async (tx) => {
    await tx.organization.update({ where: { id: org.id }, data: { settings } });
    await tx.auditLog.create({
      data: {
        ...who, action: 'organization.term', entity: 'Organization', entityId: String(org.id), organizationId: org.id,
        detail: { name: org.name, from: { started: before.termStarted ?? null, years: before.termYears ?? null }, to: { started: input.startedOn, years: input.years ?? before.termYears ?? null } },
      },
    });
  });
}
