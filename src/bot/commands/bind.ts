import { administers } from '../actor.js';
import { auditEntry } from '../audit.js';
import { CommandError } from '../command-error.js';
import { defineCommand } from '../define-command.js';
import { answer } from '../replies.js';
import { branchNameArgs, findParentOrganization } from '../organizations.js';

export const bindCommand = defineCommand({
  name: 'bind',
  aliases: ['绑定'],
  level: 'admin',
  branch: 'none',
  summary: '把本群绑定到一个支部（支部不存在时新建）',
  usage: '/bind <支部名称> [parent=上级组织]',
  examples: ['/bind 第一党支部', '/bind 第二党支部 parent=机关党委'],
  keys: { parent: ['上级', '上级组织'] },
  args: branchNameArgs('/bind'),
  async run(ctx, { name, parent }) {
    if (ctx.msg.chatType !== 'group') throw new CommandError('bad_args', '请在要绑定的群聊里使用 /bind。');
    const { db, msg } = ctx;
    const existing = await db.organization.findUnique({ where: { name } });
    if (existing && existing.kind !== 'branch') {
      throw new CommandError('conflict', `「${name}」是上级组织，不是支部，群聊只能绑定到支部。`);
    }
    if (existing?.dissolvedAt) throw new CommandError('conflict', `「${name}」已撤销，不能再绑定群聊。`);
    const parentOrg = await findParentOrganization(db, parent);
    const scope = existing ? existing.id : (parentOrg?.id ?? null);
    if (!(await administers(db, ctx.actor, scope))) {
      throw new CommandError('not_allowed', existing ? `你不是「${name}」所属组织的管理员。` : '只有全局管理员可以新建没有上级组织的支部；请加上 parent=上级组织。');
    }
    const key = { platform: msg.platform, tenant: msg.tenant, chatId: msg.chatId };
    const previous = await db.chatBinding.findUnique({ where: { platform_tenant_chatId: key }, include: { branch: true } });
    if (previous?.branchId === existing?.id && existing) return [answer(msg, `本群已绑定到「${name}」，无需重复。`)];

    const branch = await db.$transaction(async (tx) => {
      const org = existing ?? (await tx.organization.create({ data: { name, kind: 'branch', parentId: parentOrg?.id ?? null } }));
      if (!existing) await tx.auditLog.create({ data: auditEntry(ctx, { action: 'organization.create', entity: 'Organization', entityId: org.id, organizationId: org.id, detail: { name, parent: parent ?? null } }) });
      await tx.chatBinding.upsert({ where: { platform_tenant_chatId: key }, create: { ...key, branchId: org.id, boundBy: ctx.actor.key }, update: { branchId: org.id, boundBy: ctx.actor.key } });
      await tx.auditLog.create({ data: auditEntry(ctx, { action: 'chat.bind', entity: 'ChatBinding', entityId: msg.chatId, organizationId: org.id, detail: { from: previous?.branch.name ?? null, to: name } }) });
      return org;
    });
    const lines = [`本群已绑定到「${branch.name}」${existing ? '' : '（新建支部）'}${previous ? `，原绑定「${previous.branch.name}」已解除` : ''}。`];
    lines.push('下一步：/member add @成员 joined=入党日期 添加党员，/activity new 安排活动。');
    return [answer(msg, { lines })];
  },
});
