import type { BranchRef } from './branch-ref.js';
import type { CommandContext } from './command.js';
import { CommandError } from './command-error.js';
import { branchOfficerIds } from './recipients.js';

/**
 * Whether the asker decides about their own record (their leave, their dues). Another officer
 * of the branch must decide when there is one: the decision is refused and names them. With
 * no other officer it is allowed and returns true, so the audit row and the ledger say
 * "self-decided" (本人审批).
 */
export async function isSelfDecision(ctx: Pick<CommandContext, 'db' | 'actor'>, branch: BranchRef, subjectMemberIds: readonly number[], what: string): Promise<boolean> {
  const self = ctx.actor.member?.id;
  if (self === undefined || !subjectMemberIds.includes(self)) return false;
  const others = (await branchOfficerIds(ctx.db, branch.id)).filter((id) => id !== self);
  if (others.length === 0) return true;
  const names = (await ctx.db.member.findMany({ where: { id: { in: others } }, select: { name: true }, orderBy: { id: 'asc' } })).map((m) => m.name);
  throw new CommandError('not_allowed', `这是你本人的${what}，需由本支部其他支委处理（${names.join('、')}），已不能由你本人决定。`);
}

/** The officers who hear about a member's own request: the others when there are others. */
export function otherDeciders(officerIds: readonly number[], memberId: number): number[] {
  const others = officerIds.filter((id) => id !== memberId);
  return others.length > 0 ? others : [...officerIds];
}
