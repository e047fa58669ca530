import { BRANCH_OFFICER_ROLES } from './actor.js';
import type { CommandContext } from './command.js';

/**
 * Whose branches a tree view covers: an admin's organizations (every one for a bootstrap
 * admin); else the 工委, 党委 and 总支 where the asker holds a committee post; else the asker's branch.
 */
export async function treeRoots(ctx: CommandContext): Promise<number[] | 'all'> {
  if (ctx.level === 'admin') {
    if (ctx.actor.isBootstrapAdmin) return 'all';
    const administered = ctx.actor.grants.filter((g) => g.role === 'admin').map((g) => g.organizationId);
    if (administered.length > 0) return administered;
  }
  const posts = ctx.actor.grants.filter((g) => (BRANCH_OFFICER_ROLES as readonly string[]).includes(g.role)).map((g) => g.organizationId);
  if (posts.length > 0) {
    const uppers = await ctx.db.organization.findMany({ where: { id: { in: posts }, kind: { not: 'branch' }, dissolvedAt: null }, select: { id: true }, orderBy: { id: 'asc' } });
    if (uppers.length > 0) return uppers.map((o) => o.id);
  }
  return ctx.branch ? [ctx.branch.id] : [];
}
