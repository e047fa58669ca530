import { z } from 'zod';
import { ROLE_ZH } from '../../domain/roles.js';
import { mentionSchema } from '../args.js';
import { auditEntry } from '../audit.js';
import { CommandError } from '../command-error.js';
import { askToConfirm, CONFIRM_KEY, isConfirmed } from '../confirmation.js';
import { defineCommand } from '../define-command.js';
import { branchOf } from '../guards.js';
import { findBranchMember, personNamed } from '../people.js';
import { answer } from '../replies.js';

const USAGE = '/member remove @成员';

/**
 * Takes a member off the branch's roster without deleting anything: the row keeps its
 * check-ins and dues records for the ledgers (`leftAt` is set), their waiting reminders are
 * skipped, their branch posts end, and their account no longer acts for the branch.
 */
export const memberRemoveCommand = defineCommand({
  name: 'member remove',
  aliases: ['成员 移除', '移除成员', '移除党员'],
  level: 'secretary',
  branch: 'required',
  summary: '把成员移出本支部名册（先预览，确认后执行；签到、党费等记录保留）',
  usage: USAGE,
  examples: ['/member remove @王五', '/移除党员 王五'],
  keys: CONFIRM_KEY,
  args: z.object({
    mentions: z.array(mentionSchema),
    words: z.array(z.string()),
    named: z.object({ confirm: z.string().optional() }),
  }).refine((a) => a.mentions.length + a.words.length > 0, '请 @ 要移除的成员。')
    .refine((a) => a.mentions.length + a.words.length <= 1, '一次只能移除一人。')
    .transform((a) => ({ who: personNamed(a) ?? {}, isConfirmed: isConfirmed(a.named) })),
  async run(ctx, { who, isConfirmed: confirmed }) {
    const { db } = ctx;
    const branch = branchOf(ctx);
    const member = await findBranchMember(db, ctx.msg, branch, who);
    if (member.id === ctx.actor.member?.id) throw new CommandError('not_allowed', '不能把自己移出名册。请由其他支委或管理员操作。');

    const grants = await db.roleGrant.findMany({ where: { memberId: member.id }, include: { organization: { select: { name: true } } }, orderBy: { id: 'asc' } });
    const adminOf = grants.filter((g) => g.role === 'admin').map((g) => `「${g.organization.name}」`);
    if (adminOf.length > 0) {
      throw new CommandError('conflict', `${member.name}是${adminOf.join('、')}的管理员。请管理员先发送 /role revoke @${member.name} admin 撤销，再移除。`);
    }
    const [checkIns, duesRecords, waiting] = await Promise.all([
      db.checkIn.count({ where: { memberId: member.id } }),
      db.duesRecord.count({ where: { memberId: member.id } }),
      db.notification.count({ where: { memberId: member.id, status: 'pending' } }),
    ]);
    const posts = grants.map((g) => ROLE_ZH[g.role]);

    if (!confirmed) {
      return askToConfirm(ctx, {
        title: `移除党员：${member.name}`,
        lines: [
          `将把${member.name}移出「${branch.name}」名册：`,
          `· 保留历史记录：签到和请假 ${checkIns} 条、党费 ${duesRecords} 条，台账中照常可查；`,
          `· 还没发出的提醒 ${waiting} 条不再发送；`,
          ...(posts.length > 0 ? [`· 同时解除职务：${posts.join('、')}；`] : []),
          `· ${member.name}的账号与本支部解除关联：不能再签到，不计入名册、考勤、党费报表和提醒。`,
          '以后可以用 /member add 重新加入，历史记录会接上。',
        ],
      });
    }

    await db.$transaction(async (tx) => {
      // Conditional: two officers confirming at once remove once.
      const removed = await tx.member.updateMany({ where: { id: member.id, leftAt: null }, data: { leftAt: ctx.now } });
      if (removed.count === 0) throw new CommandError('conflict', `${member.name}已经不在名册中了。`);
      const skipped = await tx.notification.updateMany({ where: { memberId: member.id, status: 'pending' }, data: { status: 'skipped', lastError: 'the member left the roster' } });
      await tx.roleGrant.deleteMany({ where: { memberId: member.id } });
      await tx.auditLog.create({
        data: auditEntry(ctx, {
          action: 'member.remove', entity: 'Member', entityId: member.id, organizationId: branch.id,
          detail: { name: member.name, roles: grants.map((g) => ({ role: g.role, organizationId: g.organizationId })), skippedNotifications: skipped.count },
        }),
      });
    });
    return [answer(ctx.msg, `已将${member.name}移出「${branch.name}」名册。${member.name}的签到和党费记录保留在台账中${posts.length > 0 ? `；职务（${posts.join('、')}）已解除` : ''}。`)];
  },
});
