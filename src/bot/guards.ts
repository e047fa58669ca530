import type { Member } from '../db/client.js';
import type { BranchRef } from './branch-ref.js';
import type { CommandContext } from './command.js';
import { CommandError } from './command-error.js';

/** The branch the command acts on; the dispatcher checked it exists for branch commands. */
export function branchOf(ctx: CommandContext): BranchRef {
  if (!ctx.branch) throw new CommandError('no_branch', '本群还没有绑定支部。请管理员在群里发送：/bind 支部名称');
  return ctx.branch;
}

/** The actor's own roster entry in the branch, for commands about "my" records. */
export function ownMembership(ctx: CommandContext): { member: Member; branch: BranchRef } {
  const branch = branchOf(ctx);
  const member = ctx.actor.member;
  if (!member || member.branchId !== branch.id) {
    throw new CommandError('not_member', `你还不在「${branch.name}」的党员名册中，无法办理。请联系支部书记用 /member add 添加你。`);
  }
  return { member, branch };
}
