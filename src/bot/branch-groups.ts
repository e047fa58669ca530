import type { CommandContext } from './command.js';
import type { Reply } from './types.js';

/**
 * A notice to the branch's group chats on the platform the command came from, when the
 * command was said in private (said in a group, the answer already is the notice).
 */
export async function toBranchGroups(ctx: Pick<CommandContext, 'db' | 'msg'>, branchId: number, notice: string): Promise<Reply[]> {
  if (ctx.msg.chatType === 'group') return [];
  const groups = await ctx.db.chatBinding.findMany({ where: { branchId, platform: ctx.msg.platform, tenant: ctx.msg.tenant }, orderBy: { id: 'asc' } });
  return groups.map((g) => ({ to: { platform: ctx.msg.platform, tenant: g.tenant, kind: 'chat', id: g.chatId }, message: { lines: [notice] } }));
}
