import { moveOrganization, planMove } from '../../org-tree/move-organization.js';
import { findLiveOrganization } from '../../org-tree/find-organization.js';
import { administers } from '../actor.js';
import { CommandError } from '../command-error.js';
import { askToConfirm, CONFIRM_KEY, isConfirmed } from '../confirmation.js';
import { defineCommand } from '../define-command.js';
import { organizationArgs, requireParentAdmin, treeActor, treeStep } from '../organizations.js';
import { answer } from '../replies.js';

export const orgMoveCommand = defineCommand({
  name: 'org move',
  aliases: ['组织 调整', 'branch move', '支部 调整'],
  level: 'admin',
  isTreeCommand: true,
  branch: 'none',
  summary: '把组织（连同其下级）调整到另一个上级组织之下（原上级和新上级的管理员；先预览再确认）',
  usage: '/org move <名称> parent=<新上级组织>',
  examples: ['/org move 第一党支部 parent=机关党委'],
  keys: { parent: ['上级', '上级组织', '新上级'], ...CONFIRM_KEY },
  args: organizationArgs('/org move', '第一党支部 parent=机关党委', { parent: '新上级组织' }),
  async run(ctx, { name, named }) {
    const parentName = named.parent;
    if (!parentName) throw new CommandError('bad_args', '请写上新的上级组织，例如：/org move 第一党支部 parent=机关党委');
    await requireParentAdmin(ctx, await treeStep(() => findLiveOrganization(ctx.db, name)));
    const move = await treeStep(() => planMove(ctx.db, { name, parentName }));
    if (!(await administers(ctx.db, ctx.actor, move.to.id))) throw new CommandError('not_allowed', `你不是「${move.to.name}」的管理员。`);
    const from = move.from?.name ?? '（无上级）';
    if (!isConfirmed(named)) {
      return askToConfirm(ctx, {
        title: '调整上级组织（预览）',
        lines: [`「${move.org.name}」将从「${from}」调整到「${move.to.name}」之下，其下级组织一并调整。`, `调整后「${from}」的管理员不再管理它。`],
      });
    }
    await treeStep(() => moveOrganization(ctx.db, move, treeActor(ctx)));
    return [answer(ctx.msg, `已将「${move.org.name}」从「${from}」调整到「${move.to.name}」之下。`)];
  },
});
