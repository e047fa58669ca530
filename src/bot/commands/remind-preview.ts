import { z } from 'zod';
import { localDate } from '../../domain/dates.js';
import { loadHolidayCalendar } from '../../reminders/load-holiday-calendar.js';
import { formatPreview, previewDay } from '../../reminders/preview.js';
import { isoDateArg } from '../args.js';
import { defineCommand } from '../define-command.js';
import { branchOf } from '../guards.js';
import { answerPrivately } from '../replies.js';

export const remindPreviewCommand = defineCommand({
  name: 'remind preview',
  aliases: ['提醒 预览', '提醒预览'],
  level: 'secretary',
  branch: 'required',
  summary: '某一天机器人会发哪些提醒、发给谁（不会真的发送；私信回复）',
  usage: '/remind preview [YYYY-MM-DD]',
  examples: ['/remind preview', '/remind preview 2026-12-04'],
  args: z.object({ words: z.array(z.string()).max(1, '只需要一个日期，例如 /remind preview 2026-12-04。') })
    .transform((a) => a.words[0])
    .pipe(isoDateArg('日期', 'schedule').optional()),
  async run(ctx, date) {
    const branch = branchOf(ctx);
    const org = await ctx.db.organization.findUniqueOrThrow({ where: { id: branch.id } });
    const calendar = await loadHolidayCalendar(ctx.db);
    const preview = await previewDay(ctx.db, calendar, org, ctx.defaultZone, date ?? localDate(ctx.now, branch.zone), ctx.now);
    return answerPrivately(ctx, { lines: formatPreview(preview) }, '提醒预览已私信发给你。');
  },
});
