import { z } from 'zod';
import type { Command } from '../command.js';
import { formatDateTimeZh } from '../../domain/dates.js';
import { mentionSchema } from '../args.js';
import { auditEntry } from '../audit.js';
import { CommandError } from '../command-error.js';
import { defineCommand } from '../define-command.js';
import { branchOf } from '../guards.js';
import { findBranchMember } from '../people.js';
import { membersOn } from '../recipients.js';
import { answerPrivately } from '../replies.js';

function leaveDecisionCommand(decision: 'approved' | 'rejected'): Command {
  const isApproval = decision === 'approved';
  const verb = isApproval ? 'approve' : 'reject';
  return defineCommand({
    name: `leave ${verb}`,
    aliases: isApproval ? ['请假 批准', '批准请假'] : ['请假 驳回', '驳回请假'],
    level: 'secretary',
    branch: 'required',
    summary: isApproval ? '批准成员的请假申请' : '不批准成员的请假申请，可附原因',
    usage: isApproval ? '/leave approve @成员' : '/leave reject @成员 [原因]',
    examples: [isApproval ? '/leave approve @李四' : '/leave reject @李四 本次为重要学习，请尽量参加'],
    args: z.object({ mentions: z.array(mentionSchema), words: z.array(z.string()) })
      .refine((a) => a.mentions.length + a.words.length > 0, '请 @ 提出请假的成员。')
      .transform((a) => ({
        who: a.mentions[0] ? { mention: a.mentions[0] } : { name: a.words[0] ?? '' },
        note: (a.mentions[0] ? a.words : a.words.slice(1)).join(' ').trim(),
      }))
      .refine((a) => a.note.length <= 200, '原因太长了（最多 200 个字）。'),
    async run(ctx, { who, note }) {
      const branch = branchOf(ctx);
      const member = await findBranchMember(ctx.db, ctx.msg, branch, who);
      const pending = await ctx.db.checkIn.findFirst({
        where: { memberId: member.id, status: 'leave', leaveDecision: 'pending', activity: { branchId: branch.id, status: 'scheduled' } },
        include: { activity: true },
        orderBy: { activity: { startsAt: 'asc' } },
      });
      if (!pending) throw new CommandError('not_found', `${member.name}没有待审批的请假申请。`);
      const when = `${pending.activity.title}（${formatDateTimeZh(pending.activity.startsAt, branch.zone)}）`;
      await ctx.db.$transaction([
        ctx.db.checkIn.update({ where: { id: pending.id }, data: { leaveDecision: decision, decidedById: ctx.actor.member?.id ?? null, decidedAt: ctx.now } }),
        ctx.db.auditLog.create({ data: auditEntry(ctx, { action: `leave.${verb}`, entity: 'CheckIn', entityId: pending.id, organizationId: branch.id, detail: { member: member.name, activityId: pending.activityId, note: note || null } }) }),
      ]);
      const told = await membersOn(ctx.db, [member.id], ctx.msg.platform, ctx.msg.tenant);
      const toMember = isApproval ? `你的请假已批准：${when}。` : `你的请假未获批准：${when}。${note ? `原因：${note}` : ''}请按时参加。`;
      const confirmation = `已${isApproval ? '批准' : '驳回'}${member.name}的请假：${when}。${told.length === 0 ? '（该成员没有在本平台关联账号，请另行告知。）' : ''}`;
      return [...answerPrivately(ctx, { lines: [confirmation] }, '已处理，详情已私信。'), ...told.map((to) => ({ to, message: { title: '请假审批结果', lines: [toMember] } }))];
    },
  });
}

export const leaveApproveCommand = leaveDecisionCommand('approved');
export const leaveRejectCommand = leaveDecisionCommand('rejected');
