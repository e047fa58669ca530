import { z } from 'zod';
import { monthAt } from '../../domain/dues/months.js';
import { formatPeriod, formatPeriodZh, type LedgerPeriod } from '../../domain/ledger-period.js';
import { exportLedger } from '../../ledger/export-ledger.js';
import { monthArg, yearArg } from '../args.js';
import { CommandError } from '../command-error.js';
import { defineCommand } from '../define-command.js';
import { branchOf } from '../guards.js';
import { answerPrivately } from '../replies.js';

export const exportCommand = defineCommand({
  name: 'export',
  aliases: ['导出', '导出台账'],
  isPrivate: true,
  level: 'secretary',
  readsBranchBelow: true,
  branch: 'required',
  summary: '导出本支部台账（党员名册、组织生活记录、会议记录、党费收缴台账、政治生日）为 Excel 文件，私信发送；不写即今年',
  usage: '/export [month=YYYY-MM | year=YYYY] [zip] [branch=下辖支部]',
  examples: ['/export', '/export month=2026-11', '/export year=2026 zip'],
  notes: ['加上 zip（或 format=zip）得到一个压缩包：台账文件，以及会议记录的照片和文件，按「日期 活动名称」分文件夹存放。'],
  keys: { month: ['月份', '月'], year: ['年份', '年度', '年'], format: ['格式'] },
  args: z.object({
    words: z.array(z.string()).max(1, '看不懂多出的词。用法：/export [month=YYYY-MM | year=YYYY] [zip]')
      .refine((w) => w.every((x) => /^(zip|压缩包)$/iu.test(x)), '只认识 zip（压缩包），例如 /export year=2026 zip。'),
    named: z.object({ month: monthArg('月份').optional(), year: yearArg('年份').optional(), format: z.enum(['zip', 'xlsx'], { error: '格式只有 zip 和 xlsx。' }).optional() }),
  })
    .refine((a) => !(a.named.month && a.named.year), '月份和年份只写一个，例如 /export month=2026-11 或 /export year=2026。'),
  async run(ctx, { named, words }) {
    const format = named.format === 'zip' || words.length > 0 ? 'zip' : 'xlsx';
    if (format === 'zip' && !ctx.files) throw new CommandError('conflict', '这里不能导出压缩包，请导出台账文件：/export');
    const branch = branchOf(ctx);
    const currentMonth = monthAt(ctx.now, branch.zone);
    const period: LedgerPeriod = named.month
      ? { kind: 'month', month: named.month }
      : { kind: 'year', year: named.year ?? Number(currentMonth.slice(0, 4)) };
    const isFuture = period.kind === 'month' ? period.month > currentMonth : period.year > Number(currentMonth.slice(0, 4));
    if (isFuture) throw new CommandError('bad_args', `${formatPeriodZh(period)}还没到，没有可导出的台账。`);

    const file = await exportLedger(ctx.db, {
      branchId: branch.id, period, now: ctx.now, defaultZone: branch.zone,
      actor: ctx.actor.key, actorMemberId: ctx.actor.member?.id ?? null, via: 'chat', format, files: ctx.files,
    });
    return answerPrivately(ctx, {
      title: `「${branch.name}」${formatPeriodZh(period)}台账`,
      lines: [
        `名册 ${file.members} 人，组织生活 ${file.activities} 次；含党员名册、组织生活记录、会议记录、党费收缴台账、政治生日五张表。`,
        ...(format === 'zip' ? [`压缩包内另有会议记录的照片和文件 ${file.files} 个，按「日期 活动名称」分文件夹存放。`] : []),
        '文件含党员个人信息，请妥善保管，勿转发到群聊。',
      ],
      file: { name: file.name, content: file.content, ledger: { branchId: branch.id, period: formatPeriod(period), format } },
    }, '台账已私信发给你。');
  },
});
