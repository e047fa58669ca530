import { z } from 'zod';
import { administers } from '../actor.js';
import { auditEntry } from '../audit.js';
import { CommandError } from '../command-error.js';
import { defineCommand } from '../define-command.js';
import { answer } from '../replies.js';

export const unbindCommand = defineCommand({
  name: 'unbind',
  aliases: ['解绑', '解除绑定'],
  level: 'admin',
  branch: 'none',
  summary: '解除本群与支部的绑定（名册和记录保留）',
  usage: '/unbind',
  args: z.object({ words: z.array(z.string()).max(0, '/unbind 不需要参数。') }),
  async run(ctx) {
    const { db, msg } = ctx;
    const key = { platform: msg.platform, tenant: msg.tenant, chatId: msg.chatId };
    const binding = await db.chatBinding.findUnique({ where: { platform_tenant_chatId: key }, include: { branch: true } });
    if (!binding) throw new CommandError('not_found', '本群没有绑定支部。');
    if (!(await administers(db, ctx.actor, binding.branchId))) throw new CommandError('not_allowed', `你不是「${binding.branch.name}」所属组织的管理员。`);
    await db.$transaction([
      db.chatBinding.delete({ where: { id: binding.id } }),
      db.auditLog.create({ data: auditEntry(ctx, { action: 'chat.unbind', entity: 'ChatBinding', entityId: msg.chatId, organizationId: binding.branchId, detail: { branch: binding.branch.name } }) }),
    ]);
    return [answer(msg, `本群已解除与「${binding.branch.name}」的绑定。名册和记录都还在。`)];
  },
});
