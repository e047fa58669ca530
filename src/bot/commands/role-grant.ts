import { isUniqueViolation } from '../../db/client.js';
import { ROLE_ZH } from '../../domain/roles.js';
import { auditEntry } from '../audit.js';
import { defineCommand } from '../define-command.js';
import { answer } from '../replies.js';
import { resolveRoleTarget, roleArgs, ROLE_KEYS } from '../role-target.js';

export const roleGrantCommand = defineCommand({
  name: 'role grant',
  aliases: ['角色 授予', '授予角色'],
  level: 'admin',
  branch: 'required',
  summary: '授予本支部成员职务（书记、组织委员等）或管理员角色',
  usage: '/role grant @成员 secretary|deputy_secretary|organization_officer|propaganda_officer|discipline_officer|admin [org=上级组织]',
  examples: ['/role grant @李四 organization_officer', '/角色 授予 @王五 书记', '/role grant @赵六 admin org=机关工委'],
  keys: ROLE_KEYS,
  args: roleArgs('grant'),
  async run(ctx, args) {
    const { member, role, organization } = await resolveRoleTarget(ctx, args);
    const post = `「${organization.name}」的${ROLE_ZH[role]}`;
    const already = `${member.name}已经是${post}，无需重复授予。`;
    const key = { memberId: member.id, role, organizationId: organization.id };
    if (await ctx.db.roleGrant.findUnique({ where: { memberId_role_organizationId: key } })) return [answer(ctx.msg, already)];
    const holders = role === 'admin' ? [] : await ctx.db.roleGrant.findMany({
      where: { role, organizationId: organization.id, member: { leftAt: null } },
      include: { member: { select: { name: true } } },
      orderBy: { id: 'asc' },
    });
    try {
      await ctx.db.$transaction([
        ctx.db.roleGrant.create({ data: { ...key, grantedBy: ctx.actor.key } }),
        ctx.db.auditLog.create({ data: auditEntry(ctx, { action: 'role.grant', entity: 'RoleGrant', entityId: member.id, organizationId: organization.id, detail: { member: member.name, role, organization: organization.name } }) }),
      ]);
    } catch (error) {
      // Two admins granting at once: the unique key decides, and both hear the same answer.
      if (isUniqueViolation(error)) return [answer(ctx.msg, already)];
      throw error;
    }
    const lines = [`已授予${member.name}${post}${role === 'admin' ? '角色' : '职务'}。`];
    if (holders.length > 0) {
      const names = holders.map((h) => h.member.name).join('、');
      lines.push(`提示：${names}也是${post}。如已换届，请用 /role revoke @${holders[0]?.member.name ?? ''} ${role} 撤销。`);
    }
    return [answer(ctx.msg, { lines })];
  },
});
