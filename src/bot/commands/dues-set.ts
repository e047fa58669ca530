import { z } from 'zod';
import { FIXED_MONTHLY_FEN, MAX_MONTHLY_FEN } from '../../domain/dues/assessment.js';
import { formatYuan } from '../../domain/dues/money.js';
import { mentionSchema, yearArg, yuanArg } from '../args.js';
import { CommandError } from '../command-error.js';
import { defineCommand } from '../define-command.js';
import { duesYear, fixMonthlyDues } from '../dues-records.js';
import { branchOf } from '../guards.js';
import { findBranchMember, personNamed } from '../people.js';

export const duesSetCommand = defineCommand({
  name: 'dues set',
  aliases: ['党费 设置', '设置党费'],
  isPrivate: true,
  level: 'secretary',
  branch: 'required',
  summary: '直接核定成员本年度每月党费金额（私信回复）',
  usage: '/dues set @成员 amount=金额 [year=YYYY]',
  examples: ['/dues set @李四 amount=75.00', '/dues set @李四 amount=80 year=2027'],
  keys: { amount: ['金额'], year: ['年度', '年份', '年'] },
  args: z.object({
    mentions: z.array(mentionSchema),
    words: z.array(z.string()),
    named: z.object({ amount: yuanArg('金额').optional(), year: yearArg('年度').optional() }),
  }).refine((a) => a.mentions.length + a.words.length > 0, '请 @ 要核定党费的成员，例如：/dues set @李四 amount=75.00')
    .refine((a) => a.named.amount !== undefined, '请写明每月金额 amount=…，例如：/dues set @李四 amount=75.00')
    .transform((a) => ({ who: personNamed(a) ?? {}, amount: a.named.amount ?? 0, year: a.named.year })),
  async run(ctx, { who, amount, year }) {
    const branch = branchOf(ctx);
    const fixYear = duesYear(ctx.now, branch.zone, year);
    if (amount < FIXED_MONTHLY_FEN) throw new CommandError('bad_args', `每月党费最少 ${formatYuan(FIXED_MONTHLY_FEN)} 元。`);
    if (amount > MAX_MONTHLY_FEN) throw new CommandError('bad_args', `每月超过 ${formatYuan(MAX_MONTHLY_FEN)} 元属于大额党费，不按月核定，请检查金额。`);
    const member = await findBranchMember(ctx.db, ctx.msg, branch, who);
    return fixMonthlyDues(ctx, branch, member, { fen: amount, year: fixYear, action: 'dues.set', how: '' });
  },
});

