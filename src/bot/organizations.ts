import { z } from 'zod';
import type { Db, Organization } from '../db/client.js';
import { textArg } from './args.js';
import { CommandError } from './command-error.js';

/** The arguments `<branch name> [parent=<organisation>]` of `command` (for its messages: "/bind"). */
export function branchNameArgs(command: string) {
  return z.object({
    words: z.array(z.string()).min(1, `请写上支部名称，例如：${command} 第一党支部`),
    named: z.object({ parent: textArg('上级组织', 40).optional() }),
  }).transform(({ words, named }, ctx) => {
    const name = words.join(' ').trim();
    if (name.length < 2 || name.length > 40) {
      ctx.addIssue({ code: 'custom', message: '支部名称应为 2 到 40 个字。' });
      return z.NEVER;
    }
    return { name, parent: named.parent };
  });
}

/** The organisation a branch may go under, by name; none asked for, none returned. */
export async function findParentOrganization(db: Db, parent: string | undefined): Promise<Organization | null> {
  if (!parent) return null;
  const org = await db.organization.findUnique({ where: { name: parent } });
  if (!org) throw new CommandError('not_found', `没有找到上级组织「${parent}」。`);
  if (org.kind === 'branch') throw new CommandError('bad_args', `「${parent}」是支部，不能作为上级组织。`);
  return org;
}
