import type { Db, Member } from '../db/client.js';
import { normalizeName } from '../domain/names.js';
import type { BranchRef } from './branch-ref.js';
import { CommandError } from './command-error.js';
import type { IncomingMessage, Mention } from './types.js';
import { quoteInput } from './quote-input.js';

/** A person as a command line names them: a mention, or a typed name (a member without an account). */
export interface PersonRef {
  mention?: Mention;
  name?: string;
}

/** The first person a command line names: its first mention, else its first word; undefined if none. */
export function personNamed(input: { mentions: Mention[]; words: string[] }): PersonRef | undefined {
  if (input.mentions[0]) return { mention: input.mentions[0] };
  return input.words[0] ? { name: input.words[0] } : undefined;
}

/**
 * The roster entry of `branch` that a mention or a typed name points to. A mention goes
 * through the person's account; a name must match exactly one current member.
 */
export async function findBranchMember(db: Db, msg: IncomingMessage, branch: BranchRef, who: PersonRef): Promise<Member> {
  if (who.mention) {
    const identity = await db.identity.findUnique({
      where: { platform_tenant_platformUserId: { platform: msg.platform, tenant: msg.tenant, platformUserId: who.mention.userId } },
      include: { member: true },
    });
    const member = identity?.member;
    if (!member || member.leftAt !== null || member.branchId !== branch.id) {
      throw new CommandError('not_found', `${who.mention.name}不在「${branch.name}」的名册中。`);
    }
    return member;
  }
  const name = normalizeName(who.name ?? '');
  // Names are compared normalized: rows entered before normalization may hold a stray space.
  const matches = (await db.member.findMany({ where: { branchId: branch.id, leftAt: null }, orderBy: { id: 'asc' } })).filter((m) => normalizeName(m.name) === name);
  if (matches.length === 0 || !matches[0]) throw new CommandError('not_found', `「${branch.name}」名册中没有${quoteInput(name)}。`);
  if (matches.length > 1) throw new CommandError('conflict', `名册中有不止一位「${name}」，请用 @ 提及。`);
  return matches[0];
}
