import { z } from 'zod';
import { assessMonthlyDues, duesRateBasisPoints, FARMER_RANGE_FEN, MAX_MONTHLY_FEN, needsBase } from '../../domain/dues/assessment.js';
import { DUES_CATEGORY_ZH, parseDuesCategory } from '../../domain/dues/categories.js';
import { formatYuan } from '../../domain/dues/money.js';
import type { DuesCategory } from '../../domain/vocabulary.js';
import { mentionSchema, yearArg, yuanArg } from '../args.js';
import { CommandError } from '../command-error.js';
import { defineCommand } from '../define-command.js';
import { duesYear, fixMonthlyDues, loadDuesBranch } from '../dues-records.js';
import { branchOf } from '../guards.js';
import { findBranchMember, personNamed } from '../people.js';
import { quoteInput } from '../quote-input.js';

const CATEGORIES = Object.entries(DUES_CATEGORY_ZH).map(([code, zh]) => `${code}（${zh}）`).join('、');

const categoryArg = z.string().transform((text, ctx) => {
  const category = parseDuesCategory(text);
  if (!category) {
    ctx.addIssue({ code: 'custom', message: `不认识类别${quoteInput(text)}。可选：${CATEGORIES}。` });
    return z.NEVER;
  }
  return category;
});

export const duesAssessCommand = defineCommand({
  name: 'dues assess',
  aliases: ['党费 核算', '核算党费'],
  isPrivate: true,
  level: 'secretary',
  branch: 'required',
  summary: '按缴纳基数和类别核定成员本年度每月党费；基数只用于计算，不保存（私信回复）',
  usage: '/dues assess @成员 base=基数 category=in_service|retired|student|unemployed|relief|farmer [year=YYYY]',
  examples: ['/dues assess @李四 base=8200 category=in_service', '/dues assess @陈七 base=4800 category=retired', '/dues assess @王五 category=student'],
  keys: { base: ['基数'], category: ['类别'], year: ['年度', '年份', '年'] },
  args: z.object({
    mentions: z.array(mentionSchema),
    words: z.array(z.string()),
    named: z.object({ base: yuanArg('基数').optional(), category: categoryArg.optional(), year: yearArg('年度').optional() }),
  }).refine((a) => a.mentions.length + a.words.length > 0, '请 @ 要核定党费的成员，例如：/dues assess @李四 base=8200 category=in_service')
    .transform((a) => ({ who: personNamed(a) ?? {}, ...a.named })),
  async run(ctx, { who, base, category, year }) {
    const branch = branchOf(ctx);
    const fixYear = duesYear(ctx.now, branch.zone, year);
    const member = await findBranchMember(ctx.db, ctx.msg, branch, who);
    const kind: DuesCategory = category ?? member.duesCategory;
    if (needsBase(kind) && base === undefined) {
      throw new CommandError('bad_args', `${DUES_CATEGORY_ZH[kind]}党员按基数计算，请写明 base=…（${kind === 'retired' ? '基本离退休费' : '税后月工资收入'}，元）。`);
    }
    if (base !== undefined && base <= 0) throw new CommandError('bad_args', '基数应大于 0。');
    const { rounding } = await loadDuesBranch(ctx.db, branch, ctx.now);
    const fen = assessMonthlyDues({ category: kind, baseFen: base, rounding });
    if (fen > MAX_MONTHLY_FEN) throw new CommandError('bad_args', `按这个基数每月党费超过 ${formatYuan(MAX_MONTHLY_FEN)} 元，请检查基数（应为每月数额，单位元）。`);
    return fixMonthlyDues(ctx, branch, member, { fen, year: fixYear, category: kind, action: 'dues.assess', how: assessedHow(kind, base) });
  },
});

/** How the amount came about, for the secretary; the base itself is not repeated. */
function assessedHow(category: DuesCategory, base: number | undefined): string {
  if (needsBase(category) && base !== undefined) return `（${DUES_CATEGORY_ZH[category]}，按基数的 ${duesRateBasisPoints(category, base) / 100}% 计算；基数未保存）`;
  if (category === 'farmer') return `（农民党员每月 ${formatYuan(FARMER_RANGE_FEN.min)}–${formatYuan(FARMER_RANGE_FEN.max)} 元，如需调整请用 /dues set）`;
  return `（${DUES_CATEGORY_ZH[category]}，固定标准）`;
}
