import { z } from 'zod';
import { formatDateZh, localDate } from '../../domain/dates.js';
import { MEMBER_STATUS_ZH } from '../../domain/member-status.js';
import { isoDateArg, memberStatusArg, mentionSchema } from '../args.js';
import { auditEntry } from '../audit.js';
import { CommandError } from '../command-error.js';
import { defineCommand } from '../define-command.js';
import { branchOf } from '../guards.js';
import { findBranchMember, personNamed } from '../people.js';
import { answerPrivately } from '../replies.js';

const USAGE = '/member set @成员 [status=…] [joined=YYYY-MM-DD] [converted=YYYY-MM-DD] [exempt=yes|no]';

const yesNoArg = z.string().transform((text, ctx) => {
  const word = text.trim().toLowerCase();
  if (['yes', 'y', 'true', '1', '是'].includes(word)) return true;
  if (['no', 'n', 'false', '0', '否'].includes(word)) return false;
  ctx.addIssue({ code: 'custom', message: `exempt=「${text}」请写 yes 或 no（是/否）。` });
  return z.NEVER;
});

export const memberSetCommand = defineCommand({
  name: 'member set',
  aliases: ['成员 修改', '修改成员'],
  level: 'secretary',
  branch: 'required',
  summary: '修改成员的身份、入党日期、转正日期，或列为免于督促（年老体弱、患病等）',
  usage: USAGE,
  examples: ['/member set @王五 status=full converted=2027-03-12', '/member set @赵六 exempt=yes', '/member set @李四 joined=2015-06-28'],
  keys: { status: ['身份', '状态'], joined: ['入党日期', '入党时间'], converted: ['转正日期', '转正时间'], exempt: ['免督促', '免于督促'] },
  args: z.object({
    mentions: z.array(mentionSchema),
    words: z.array(z.string()),
    named: z.object({ status: memberStatusArg.optional(), joined: isoDateArg('入党日期', 'joined').optional(), converted: isoDateArg('转正日期', 'joined').optional(), exempt: yesNoArg.optional() }),
  }).refine((a) => a.mentions.length + a.words.length > 0, '请 @ 要修改的成员。')
    .refine((a) => Object.values(a.named).some((v) => v !== undefined), '请写明要修改什么，例如 exempt=yes。')
    .transform((a) => ({ who: personNamed(a) ?? {}, ...a.named })),
  async run(ctx, { who, status, joined, converted, exempt }) {
    const branch = branchOf(ctx);
    const today = localDate(ctx.now, branch.zone);
    for (const [label, date] of [['入党日期', joined], ['转正日期', converted]] as const) {
      if (date && date > today) throw new CommandError('bad_args', `${label} ${date} 在今天之后，请检查。`);
    }
    const member = await findBranchMember(ctx.db, ctx.msg, branch, who);
    const nextStatus = status ?? member.status;
    const nextJoined = joined ?? member.joinedAt;
    if (converted && nextStatus !== 'full') throw new CommandError('bad_args', `只有正式党员有转正日期；转正请写 status=full converted=${converted}。`);
    if (converted && nextJoined && converted < nextJoined) throw new CommandError('bad_args', `转正日期 ${converted} 早于入党日期 ${nextJoined}，请检查。`);

    const data = {
      ...(status ? { status } : {}),
      ...(joined ? { joinedAt: joined } : {}),
      ...(converted ? { convertedAt: converted } : {}),
      ...(exempt === undefined ? {} : { exempt }),
      // Probation starts at admission; a probationary member has no conversion date yet.
      ...(status === 'probationary' ? { probationStartedAt: member.probationStartedAt ?? nextJoined, convertedAt: null } : {}),
    };
    await ctx.db.$transaction([
      ctx.db.member.update({ where: { id: member.id }, data }),
      ctx.db.auditLog.create({ data: auditEntry(ctx, { action: 'member.set', entity: 'Member', entityId: member.id, organizationId: branch.id, detail: { member: member.name, ...data } }) }),
    ]);
    const changes = [
      ...(status ? [`身份：${MEMBER_STATUS_ZH[status]}`] : []),
      ...(joined ? [`入党日期：${formatDateZh(joined)}`] : []),
      ...(converted ? [`转正日期：${formatDateZh(converted)}`] : []),
      ...(exempt === undefined ? [] : [exempt ? '免于督促：是（不再收到催办提醒，考勤中单列）' : '免于督促：否']),
    ];
    return answerPrivately(ctx, { lines: [`已更新${member.name}的信息：`, ...changes] }, '已更新，详情已私信。');
  },
});
