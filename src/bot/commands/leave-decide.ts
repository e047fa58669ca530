import { z } from 'zod';
import type { Activity, CheckIn, Member } from '../../db/client.js';
import { formatDateTimeZh, inBrackets } from '../../domain/dates.js';
import { mentionSchema } from '../args.js';
import { auditEntry } from '../audit.js';
import type { BranchRef } from '../branch-ref.js';
import type { Command, CommandContext } from '../command.js';
import { CommandError } from '../command-error.js';
import { defineCommand } from '../define-command.js';
import { branchOf } from '../guards.js';
import { findBranchMember, personNamed, type PersonRef } from '../people.js';
import { membersOn } from '../recipients.js';
import { answerPrivately } from '../replies.js';
import { isSelfDecision } from '../self-decision.js';
import { refreshActivityCards } from '../activity-card.js';

type LeaveRequest = CheckIn & { activity: Activity; member: Member };

function leaveDecisionCommand(decision: 'approved' | 'rejected'): Command {
  const isApproval = decision === 'approved';
  const verb = isApproval ? 'approve' : 'reject';
  const usage = isApproval ? '/leave approve @成员' : '/leave reject @成员 [原因]';
  return defineCommand({
    name: `leave ${verb}`,
    aliases: isApproval ? ['请假 批准', '批准请假'] : ['请假 不批准', '不批准请假', '请假 驳回', '驳回请假'],
    level: 'secretary',
    branch: 'required',
    summary: isApproval ? '批准成员的请假申请（也可点请假卡片上的按钮）' : '不批准成员的请假申请，可附原因',
    usage,
    examples: [isApproval ? '/leave approve @李四' : '/leave reject @李四 本次为重要学习，请尽量参加'],
    args: z.object({ mentions: z.array(mentionSchema), words: z.array(z.string()) })
      .transform((a) => ({
        who: personNamed(a),
        note: (a.mentions[0] ? a.words : a.words.slice(1)).join(' ').trim(),
      }))
      .refine((a) => a.note.length <= 200, '原因太长了（最多 200 个字）。'),
    async run(ctx, { who, note }) {
      const branch = branchOf(ctx);
      const request = await findRequest(ctx, branch, who, usage);
      const when = `${request.activity.title}${inBrackets(formatDateTimeZh(request.activity.startsAt, branch.zone, ctx.now))}`;
      const isSelf = await isSelfDecision(ctx, branch, [request.memberId], '请假');
      await ctx.db.$transaction(async (tx) => {
        // Two officers deciding at once: only the first decision counts.
        const decided = await tx.checkIn.updateMany({
          where: { id: request.id, status: 'leave', leaveDecision: 'pending' },
          data: { leaveDecision: decision, decidedById: ctx.actor.member?.id ?? null, decidedAt: ctx.now },
        });
        if (decided.count === 0) throw new CommandError('conflict', `${request.member.name}的这条请假申请刚刚已被处理。`);
        await tx.auditLog.create({ data: auditEntry(ctx, { action: `leave.${verb}`, entity: 'CheckIn', entityId: request.id, organizationId: branch.id, detail: { member: request.member.name, activityId: request.activityId, note: note || null, selfDecided: isSelf } }) });
      });
      const member = request.member;
      const told = await membersOn(ctx.db, [member.id], ctx.msg.platform, ctx.msg.tenant);
      const toMember = isApproval ? `你的请假已批准：${when}。` : `你的请假未获批准：${when}。${note ? `原因：${asSentence(note)}` : ''}请按时参加。`;
      const selfNote = isSelf ? '（本支部没有其他支委，按本人审批记录，台账中注明。）' : '';
      const confirmation = `已${isApproval ? '批准' : '决定不批准'}${member.name}的请假：${when}。${selfNote}${told.length === 0 ? '（该成员没有在本平台关联账号，请另行告知。）' : ''}`;
      return [...answerPrivately(ctx, { lines: [confirmation] }, '已处理，详情已私信。'), ...told.map((to) => ({ to, message: { title: '请假审批结果', lines: [toMember] } })),
        // An approval moves the member from expected to excused: the card's count changes.
        ...(await refreshActivityCards(ctx.db, request.activity, branch.zone, ctx.now))];
    },
  });
}

/** The request a card button names (its CheckIn id), else the earliest pending one of the member named. */
async function findRequest(ctx: CommandContext, branch: BranchRef, who: PersonRef | undefined, usage: string): Promise<LeaveRequest> {
  const id = Number(ctx.msg.action?.checkInId);
  if (Number.isInteger(id) && id > 0) {
    const request = await ctx.db.checkIn.findUnique({ where: { id }, include: { activity: true, member: true } });
    if (!request) throw new CommandError('not_found', '这条请假申请已不存在（可能活动已删除）。');
    if (request.activity.branchId !== branch.id) throw new CommandError('not_allowed', `这条请假申请属于其他支部，不能在「${branch.name}」处理。`);
    if (request.status !== 'leave') throw new CommandError('conflict', `${request.member.name}已签到${request.activity.title}，无需审批请假。`);
    if (request.leaveDecision !== 'pending') {
      throw new CommandError('conflict', `${request.member.name}的这条请假申请${request.leaveDecision === 'approved' ? '已批准' : '已决定不批准'}，无需重复处理。`);
    }
    return request;
  }
  if (!who) throw new CommandError('bad_args', `请 @ 提出请假的成员。\n用法：${usage}`);
  const member = await findBranchMember(ctx.db, ctx.msg, branch, who);
  const pending = await ctx.db.checkIn.findFirst({
    where: { memberId: member.id, status: 'leave', leaveDecision: 'pending', activity: { branchId: branch.id, status: 'scheduled' } },
    include: { activity: true, member: true },
    orderBy: { activity: { startsAt: 'asc' } },
  });
  if (!pending) throw new CommandError('not_found', `${member.name}没有待审批的请假申请。`);
  return pending;
}

export const leaveApproveCommand = leaveDecisionCommand('approved');
export const leaveRejectCommand = leaveDecisionCommand('rejected');

/** The secretary's reason as a sentence of its own, so the next one does not run into it. */
function asSentence(text: string): string {
  return /[。！？.!?]$/u.test(text) ? text : `${text}。`;
}
