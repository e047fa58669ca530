import type { Db } from '../../db/client.js';
import { ROLE_ZH } from '../../domain/roles.js';
import { lineageOf } from '../actor.js';
import { auditEntry } from '../audit.js';
import { CommandError } from '../command-error.js';
import { defineCommand } from '../define-command.js';
import { answer } from '../replies.js';
import { resolveRoleTarget, roleArgs, ROLE_KEYS } from '../role-target.js';

export const roleRevokeCommand = defineCommand({
  name: 'role revoke',
  aliases: ['角色 撤销', '撤销角色'],
  level: 'admin',
  branch: 'required',
  summary: '撤销本支部成员的职务或管理员角色（不能撤销最后一位管理员）',
  usage: '/role revoke @成员 <角色> [org=上级组织]',
  examples: ['/role revoke @李四 organization_officer', '/角色 撤销 @王五 书记', '/role revoke @赵六 admin org=机关工委'],
  keys: ROLE_KEYS,
  args: roleArgs('revoke'),
  async run(ctx, args) {
    const { member, role, organization } = await resolveRoleTarget(ctx, args);
    const post = `「${organization.name}」的${ROLE_ZH[role]}`;
    const grant = await ctx.db.roleGrant.findUnique({ where: { memberId_role_organizationId: { memberId: member.id, role, organizationId: organization.id } } });
    if (!grant) return [answer(ctx.msg, `${member.name}不是${post}，无需撤销。`)];
    if (role === 'admin' && !(await hasOtherAdmin(ctx.db, organization.id, grant.id))) {
      throw new CommandError('conflict', `${member.name}是「${organization.name}」唯一的管理员（上级组织也没有），不能撤销。请先用 /role grant 授予另一位管理员。`);
    }
    const removed = await ctx.db.$transaction(async (tx) => {
      const deleted = await tx.roleGrant.deleteMany({ where: { id: grant.id } });
      if (deleted.count === 0) return false;
      await tx.auditLog.create({ data: auditEntry(ctx, { action: 'role.revoke', entity: 'RoleGrant', entityId: member.id, organizationId: organization.id, detail: { member: member.name, role, organization: organization.name } }) });
      return true;
    });
    if (!removed) return [answer(ctx.msg, `${member.name}不是${post}，无需撤销。`)];
    return [answer(ctx.msg, `已撤销${member.name}${post}${role === 'admin' ? '角色' : '职务'}。`)];
  },
});

/** Whether someone on a roster other than the holder of `grantId` administers `orgId` (an admin of it or of an ancestor). */
async function hasOtherAdmin(db: Db, orgId: number, grantId: number): Promise<boolean> {
  const lineage = await lineageOf(db, orgId);
  const others = await db.roleGrant.count({ where: { role: 'admin', organizationId: { in: lineage }, id: { not: grantId }, member: { leftAt: null } } });
  return others > 0;
}
