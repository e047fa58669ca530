import { renameOrganization } from '../../org-tree/rename-organization.js';
import { findLiveOrganization } from '../../org-tree/find-organization.js';
import { CommandError } from '../command-error.js';
import { defineCommand } from '../define-command.js';
import { organizationArgs, requireParentAdmin, treeActor, treeStep } from '../organizations.js';
import { answer } from '../replies.js';

export const orgRenameCommand = defineCommand({
  name: 'org rename',
  aliases: ['组织 改名', 'branch rename', '支部 改名'],
  level: 'admin',
  isTreeCommand: true,
  branch: 'none',
  summary: '给组织改名（上级组织的管理员）；旧名称留档，以往的台账仍显示当时的名称',
  usage: '/org rename <现名称> to=<新名称>',
  examples: ['/org rename 第一党支部 to=综合科党支部'],
  keys: { to: ['新名称', '改为'] },
  args: organizationArgs('/org rename', '第一党支部 to=综合科党支部', { to: '新名称' }),
  async run(ctx, { name, named }) {
    const newName = named.to;
    if (!newName || newName.length < 2) throw new CommandError('bad_args', '请写上新名称（2 到 40 个字），例如：/org rename 第一党支部 to=综合科党支部');
    const org = await treeStep(() => findLiveOrganization(ctx.db, name));
    await requireParentAdmin(ctx, org);
    await treeStep(() => renameOrganization(ctx.db, { name, newName, now: ctx.now }, treeActor(ctx)));
    return [answer(ctx.msg, `已将「${name}」改名为「${newName}」。改名前的台账仍显示「${name}」。`)];
  },
});

