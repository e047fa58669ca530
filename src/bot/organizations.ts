import { z } from 'zod';
import type { Db, Organization } from '../db/client.js';
import { organizationKindList, parseOrganizationKind } from '../domain/organization-kinds.js';
import type { OrganizationKind } from '../domain/vocabulary.js';
import { OrgTreeError } from '../org-tree/org-tree-error.js';
import type { TreeActor } from '../org-tree/find-organization.js';
import { administers } from './actor.js';
import { textArg } from './args.js';
import type { CommandContext } from './command.js';
import { CommandError } from './command-error.js';
import { quoteInput } from './quote-input.js';

/** An organisation's name as typed: the words of the line, 2 to 40 characters. */
function organizationName(words: string[], ctx: z.RefinementCtx): string {
  const name = words.join(' ').trim();
  if (name.length < 2 || name.length > 40) {
    ctx.addIssue({ code: 'custom', message: '组织名称应为 2 到 40 个字。' });
    return z.NEVER;
  }
  return name;
}

const kindArg = z.string().transform((text, ctx): OrganizationKind => {
  const kind = parseOrganizationKind(text);
  if (!kind) {
    ctx.addIssue({ code: 'custom', message: `不认识组织类型${quoteInput(text)}。可选：${organizationKindList()}。` });
    return z.NEVER;
  }
  return kind;
});

/** The arguments `<name> [kind=<kind>] [parent=<organisation>]` of `command` (for its messages: "/bind"). */
export function branchNameArgs(command: string) {
  return z.object({
    words: z.array(z.string()).min(1, `请写上组织名称，例如：${command} 第一党支部`),
    named: z.object({ parent: textArg('上级组织', 40).optional(), kind: kindArg.optional() }),
  }).transform(({ words, named }, ctx) => ({ name: organizationName(words, ctx), parent: named.parent, kind: named.kind ?? 'branch' }));
}

/** The arguments `<name> key=value…` of a command acting on an existing organisation. */
export function organizationArgs<K extends string>(command: string, example: string, keys: Record<K, string>) {
  const named = Object.fromEntries(Object.entries<string>(keys).map(([key, label]) => [key, textArg(label, 40).optional()])) as Record<K, z.ZodOptional<ReturnType<typeof textArg>>>;
  return z.object({
    words: z.array(z.string()).min(1, `请写上组织名称，例如：${command} ${example}`),
    named: z.object({ ...named, confirm: z.string().optional() }),
  }).transform(({ words, named: values }, ctx) => ({ name: organizationName(words, ctx), named: values as Partial<Record<K, string>> & { confirm?: string } }));
}

/** The organisation a branch may go under, by name; none asked for, none returned. */
export async function findParentOrganization(db: Db, parent: string | undefined): Promise<Organization | null> {
  if (!parent) return null;
  const org = await db.organization.findUnique({ where: { name: parent } });
  if (!org || org.dissolvedAt) throw new CommandError('not_found', `没有找到上级组织「${parent}」。`);
  if (org.kind === 'branch') throw new CommandError('bad_args', `「${parent}」是支部，不能作为上级组织。`);
  return org;
}

/** The actor of a command as the tree operations record them. */
export function treeActor(ctx: Pick<CommandContext, 'actor'>): TreeActor {
  return { actor: ctx.actor.key, actorMemberId: ctx.actor.member?.id ?? null };
}

/** Runs a tree operation, its expected refusals answered as the command's. */
export async function treeStep<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof OrgTreeError) throw new CommandError('bad_args', error.reason);
    throw error;
  }
}

/** Only an admin of the level above changes an organisation (a global admin, for a top one). */
export async function requireParentAdmin(ctx: Pick<CommandContext, 'db' | 'actor'>, org: { name: string; parentId: number | null }): Promise<void> {
  if (await administers(ctx.db, ctx.actor, org.parentId)) return;
  throw new CommandError('not_allowed', org.parentId === null ? `「${org.name}」没有上级组织，须由全局管理员办理。` : `你不是「${org.name}」上级组织的管理员。`);
}
