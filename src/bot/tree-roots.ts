import type { CommandContext } from './command.js';

/** Whose branches a tree digest covers: an admin's organizations (every one for a bootstrap admin), else the asker's branch. */
export function treeRoots(ctx: CommandContext): number[] | 'all' {
  if (ctx.level === 'admin') {
    if (ctx.actor.isBootstrapAdmin) return 'all';
    const administered = ctx.actor.grants.filter((g) => g.role === 'admin').map((g) => g.organizationId);
    if (administered.length > 0) return administered;
  }
  return ctx.branch ? [ctx.branch.id] : [];
}
