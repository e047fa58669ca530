import type { Db } from '../db/client.js';
import { administers, lineageOf, BRANCH_OFFICER_ROLES, type Actor } from './actor.js';
import { toBranchRef, type BranchRef } from './branch-ref.js';
import type { CommandInput, Level } from './command.js';
import { CommandError } from './command-error.js';

/** The keys that name another branch for a read-only command: `branch=第二党支部`. */
const BRANCH_KEYS = ['branch', '支部'];

/** A read-only command asked about a branch below the asker: the branch, and the input without the key. */
export interface BranchBelow {
  branch: BranchRef;
  level: Level;
  input: CommandInput;
}

/** The `branch=` a line carries, if any, and the input without it. */
export function takeBranchName(input: CommandInput): { name: string | undefined; input: CommandInput } {
  const named = { ...input.named };
  let name: string | undefined;
  for (const key of BRANCH_KEYS) {
    if (named[key] === undefined) continue;
    name = named[key]?.trim();
    delete named[key];
  }
  return { name, input: { ...input, named } };
}

/**
 * The branch named for an upper-level read: the asker must administer it (an admin of it or
 * an organisation above, or a global admin) or hold a committee post (书记, 副书记, 组织委员)
 * in an organisation above it. They then read it as its secretary does, never more.
 */
export async function branchBelow(db: Db, actor: Actor, name: string, defaultZone: string): Promise<{ branch: BranchRef; level: Level }> {
  if (name === '') throw new CommandError('bad_args', '请写上支部名称，例如 branch=第二党支部。');
  const org = await db.organization.findUnique({ where: { name } });
  if (!org || org.kind !== 'branch' || org.dissolvedAt) throw new CommandError('not_found', `没有找到支部「${name}」。`);
  const level = await levelFromAbove(db, actor, org.id);
  if (level) return { branch: toBranchRef(org, defaultZone), level };
  throw new CommandError('not_allowed', `你不是「${name}」上级组织的管理员或委员，不能查看它的情况。`);
}

/**
 * The level the actor reads branch `branchId` at from above: admin for an admin of it or an
 * organisation above (or a global admin), secretary for a committee post in an organisation
 * above it; undefined for anyone else. Also what a download link of such a read is held to.
 */
export async function levelFromAbove(db: Db, actor: Actor, branchId: number): Promise<Level | undefined> {
  if (await administers(db, actor, branchId)) return 'admin';
  const above = (await lineageOf(db, branchId)).slice(1);
  const isUpperOfficer = actor.grants.some((g) => above.includes(g.organizationId) && (BRANCH_OFFICER_ROLES as readonly string[]).includes(g.role));
  return isUpperOfficer ? 'secretary' : undefined;
}
