import { z } from 'zod';
import { coveredYears, formatYearRanges, missingYears } from '../../domain/calendar/holiday-calendar.js';
import { localDate } from '../../domain/dates.js';
import { loadHolidayCalendar } from '../../reminders/load-holiday-calendar.js';
import { defineCommand } from '../define-command.js';
import { answer } from '../replies.js';

export const holidaysCommand = defineCommand({
  name: 'holidays',
  aliases: ['节假日'],
  level: 'admin',
  branch: 'none',
  summary: '节假日数据覆盖了哪些年份，缺哪些年份',
  usage: '/holidays',
  args: z.object({ words: z.array(z.string()).max(0, '/holidays 不需要参数。') }),
  async run(ctx) {
    const calendar = await loadHolidayCalendar(ctx.db);
    const year = Number(localDate(ctx.now, ctx.branch?.zone ?? ctx.defaultZone).slice(0, 4));
    const bySource = new Map<string, number[]>();
    for (const y of coveredYears(calendar)) {
      const source = calendar.years.get(y)?.source ?? '';
      bySource.set(source, [...(bySource.get(source) ?? []), y]);
    }
    const missing = missingYears(calendar, [year, year + 1]);
    const lines = [...bySource].map(([source, years]) => `已覆盖：${formatYearRanges(years)}年（${source}）`);
    if (missing.length === 0) lines.push(`今年和明年（${year}、${year + 1}年）都已覆盖。`);
    else {
      lines.push(
        `缺少：${missing.join('、')}年。这些年份暂按周一至周五为工作日：固定党日、党费日遇周末照常调整，遇法定节假日和调休尚无法调整，并在书记的每周工作汇总中说明。`,
        '国务院公布次年节假日安排后，请用 zhibu holidays import <文件>.json 导入（格式见 README）。',
      );
    }
    return [answer(ctx.msg, { title: '节假日数据', lines })];
  },
});
