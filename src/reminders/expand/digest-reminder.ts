import { digestTitle } from '../../digest/digest-title.js';
import { loadBranchDigest } from '../../digest/load-branch-digest.js';
import { renderBranchDigest } from '../../digest/render-digest.js';
import type { SlotOf } from '../../domain/reminders/reminder-slots.js';
import { SECRETARY_AND_ORGANIZATION_OFFICER } from '../branch-audience.js';
import type { PlannedNotification } from '../planned-notification.js';
import { toOfficers, type ExpandContext } from './expand-context.js';

/**
 * The secretary's digest, in private to the secretary and the organization officer: weekly
 * (default Monday 09:00) and after each party day. It is computed when planned, at its due
 * time (the planner runs every minute), so it says what the records say then.
 */
export async function expandDigest(ctx: ExpandContext, slot: SlotOf<'digest' | 'party_day_digest'>): Promise<PlannedNotification[]> {
  const officers = await ctx.audience.officers(SECRETARY_AND_ORGANIZATION_OFFICER);
  if (officers.length === 0) return [];
  const digest = await loadBranchDigest(ctx.db, ctx.branch, ctx.settings, ctx.calendar, slot.dueAt);
  const title = digestTitle(ctx.branch.name, slot.kind === 'digest' ? 'weekly' : 'party_day');
  return toOfficers(ctx, SECRETARY_AND_ORGANIZATION_OFFICER, slot.kind, slot.occurrence, { dueAt: slot.dueAt, expiresAt: slot.expiresAt }, renderBranchDigest(digest, title));
}
