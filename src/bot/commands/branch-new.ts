import { administers } from '../actor.js';
import { auditEntry } from '../audit.js';
import { CommandError } from '../command-error.js';
import { defineCommand } from '../define-command.js';
import { branchNameArgs, findParentOrganization } from '../organizations.js';
import { answer } from '../replies.js';

export const branchNewCommand = defineCommand({
  name: 'branch new',
  aliases: ['支部 新建', '新建支部'],
  level: 'admin',
  branch: 'none',
  summary: '新建一个支部（不绑定群聊；在支部的群里用 /bind 绑定）',
  usage: '/branch new <支部名称> [parent=上级组织]',
  examples: ['/branch new 第二党支部 parent=机关工委'],
  keys: { parent: ['上级', '上级组织'] },
  args: branchNameArgs('/branch new'),
  async run(ctx, { name, parent }) {
    if (await ctx.db.organization.findUnique({ where: { name } })) throw new CommandError('conflict', `「${name}」已经存在。`);
    const parentOrg = await findParentOrganization(ctx.db, parent);
    if (!(await administers(ctx.db, ctx.actor, parentOrg?.id ?? null))) {
      throw new CommandError('not_allowed', parentOrg ? `你不是「${parentOrg.name}」的管理员。` : '只有全局管理员可以新建没有上级组织的支部；请加上 parent=上级组织。');
    }
    const branch = await ctx.db.$transaction(async (tx) => {
      const org = await tx.organization.create({ data: { name, kind: 'branch', parentId: parentOrg?.id ?? null } });
      await tx.auditLog.create({ data: auditEntry(ctx, { action: 'organization.create', entity: 'Organization', entityId: org.id, organizationId: org.id, detail: { name, parent: parentOrg?.name ?? null } }) });
      return org;
    });
    return [answer(ctx.msg, `已新建「${branch.name}」${parentOrg ? `（上级：${parentOrg.name}）` : ''}。在该支部的群里发送 /bind ${branch.name} 绑定群聊，再用 /branch set 设置固定党日和党费日。`)];
  },
});
