import { z } from 'zod';
import type { Member, Organization } from '../db/client.js';
import { ROLE_ZH, isBranchRole, parseRole } from '../domain/roles.js';
import type { Role } from '../domain/vocabulary.js';
import { administers, lineageOf } from './actor.js';
import { mentionSchema, textArg } from './args.js';
import type { CommandContext } from './command.js';
import { CommandError } from './command-error.js';
import { branchOf } from './guards.js';
import { findBranchMember, type PersonRef } from './people.js';
import { quoteInput } from './quote-input.js';

/** Named-argument keys of /role grant and /role revoke. */
export const ROLE_KEYS = { org: ['组织', '范围'] };

const ROLE_CHOICES = Object.entries(ROLE_ZH).map(([code, zh]) => `${code}（${zh}）`).join('、');

/**
 * `@成员 <role> [org=<organisation>]`: the person, the role by code or Chinese name, and for
 * the admin role the organisation it covers (the chat's branch unless named).
 */
export function roleArgs(verb: string) {
  return z.object({
    mentions: z.array(mentionSchema),
    words: z.array(z.string()),
    named: z.object({ org: textArg('组织名称', 40).optional() }),
  }).transform((a, ctx) => {
    const [first, ...others] = a.words;
    const who: PersonRef | undefined = a.mentions[0] ? { mention: a.mentions[0] } : first ? { name: first } : undefined;
    const roleWords = a.mentions[0] ? a.words : others;
    if (!who || a.mentions.length > 1) {
      ctx.addIssue({ code: 'custom', message: `请 @ 一位成员并写明角色，例如：/role ${verb} @李四 organization_officer` });
      return z.NEVER;
    }
    if (roleWords.length !== 1) {
      ctx.addIssue({ code: 'custom', message: `请写明一个角色，可选：${ROLE_CHOICES}。` });
      return z.NEVER;
    }
    const role = parseRole(roleWords[0] ?? '');
    if (!role) {
      ctx.addIssue({ code: 'custom', message: `不认识角色${quoteInput(roleWords[0] ?? '')}。可选：${ROLE_CHOICES}。` });
      return z.NEVER;
    }
    return { who, role, org: a.named.org };
  });
}

export interface RoleTarget {
  member: Member;
  role: Role;
  /** Where the role is held: the branch for its posts; the branch or an ancestor for admin. */
  organization: Pick<Organization, 'id' | 'name'>;
}

/**
 * The member (on the chat's branch roster), the role and the organisation it is held in.
 * Branch posts are held in the branch; the admin role in the branch or, named with org=,
 * one of its ancestors that the actor administers.
 */
export async function resolveRoleTarget(ctx: CommandContext, args: { who: PersonRef; role: Role; org: string | undefined }): Promise<RoleTarget> {
  const branch = branchOf(ctx);
  let organization: Pick<Organization, 'id' | 'name'> = { id: branch.id, name: branch.name };
  if (args.org !== undefined && args.org !== branch.name) {
    if (isBranchRole(args.role)) throw new CommandError('bad_args', `${ROLE_ZH[args.role]}是支部职务，只能在本支部（「${branch.name}」）授予或撤销，不需要 org=。`);
    const named = await ctx.db.organization.findUnique({ where: { name: args.org }, select: { id: true, name: true } });
    if (!named || !(await lineageOf(ctx.db, branch.id)).includes(named.id)) {
      throw new CommandError('not_found', `${quoteInput(args.org)}不是「${branch.name}」的上级组织。`);
    }
    if (!(await administers(ctx.db, ctx.actor, named.id))) throw new CommandError('not_allowed', `你不是「${named.name}」的管理员。`);
    organization = named;
  }
  const member = await findBranchMember(ctx.db, ctx.msg, branch, args.who);
  return { member, role: args.role, organization };
}
