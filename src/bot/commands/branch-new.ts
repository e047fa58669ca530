import { ORGANIZATION_KIND_ZH } from '../../domain/organization-kinds.js';
import { createOrganization } from '../../org-tree/create-organization.js';
import { administers } from '../actor.js';
import { CommandError } from '../command-error.js';
import { defineCommand } from '../define-command.js';
import { branchNameArgs, findParentOrganization, treeActor, treeStep } from '../organizations.js';
import { answer } from '../replies.js';

export const branchNewCommand = defineCommand({
  name: 'branch new',
  aliases: ['支部 新建', '新建支部', 'org new', '组织 新建', '新建组织'],
  level: 'admin',
  isTreeCommand: true,
  branch: 'none',
  summary: '新建一个组织：工委、党委、党总支或党支部（不绑定群聊；在支部的群里用 /bind 绑定）',
  usage: '/branch new <名称> [kind=工委|党委|总支|支部] [parent=上级组织]',
  examples: ['/branch new 第二党支部 parent=机关工委', '/org new 机关党委 kind=党委 parent=机关工委'],
  keys: { parent: ['上级', '上级组织'], kind: ['类型'] },
  args: branchNameArgs('/branch new'),
  async run(ctx, { name, parent, kind }) {
    if (await ctx.db.organization.findUnique({ where: { name } })) throw new CommandError('conflict', `「${name}」已经存在。`);
    const parentOrg = await findParentOrganization(ctx.db, parent);
    // Only the level above decides what is set up below it.
    if (!(await administers(ctx.db, ctx.actor, parentOrg?.id ?? null))) {
      throw new CommandError('not_allowed', parentOrg ? `你不是「${parentOrg.name}」的管理员。` : '只有全局管理员可以新建没有上级的组织；请加上 parent=上级组织。');
    }
    const { org } = await treeStep(() => createOrganization(ctx.db, { name, kind, parentName: parentOrg?.name }, treeActor(ctx)));
    const made = `已新建${kind === 'branch' ? '' : ORGANIZATION_KIND_ZH[kind]}「${org.name}」${parentOrg ? `（上级：${parentOrg.name}）` : ''}。`;
    const next = kind === 'branch'
      ? `在该支部的群里发送 /bind ${org.name} 绑定群聊，再用 /branch set 设置固定党日和党费日。`
      : `用 /branch new <名称> parent=${org.name} 在其下设组织，/role grant @x admin org=${org.name} 指定管理员。`;
    return [answer(ctx.msg, `${made}${next}`)];
  },
});
