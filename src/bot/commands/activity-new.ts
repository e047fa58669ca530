import { z } from 'zod';
import { ACTIVITY_KINDS } from '../../domain/activity-kinds.js';
import { checkInWindow } from '../../domain/check-in-window.js';
import { formatDateTimeZh, instantOf } from '../../domain/dates.js';
import { DateTime } from 'luxon';
import { activityKindArg, textArg, whenArg } from '../args.js';
import { auditEntry } from '../audit.js';
import { CommandError } from '../command-error.js';
import { askToConfirm, CONFIRM_KEY, isConfirmed } from '../confirmation.js';
import { defineCommand } from '../define-command.js';
import { branchOf } from '../guards.js';
import { answer } from '../replies.js';

const USAGE = '/activity new kind=<类型> at=<YYYY-MM-DD> <HH:mm> [title=标题] [theme=主题] [place=地点]';

/** A theme is a line on the card and in the notices: longer than this is a paragraph, not a theme. */
export const THEME_MAX_CHARS = 60;

export const activityNewCommand = defineCommand({
  name: 'activity new',
  aliases: ['活动 新建', '新建活动'],
  level: 'secretary',
  branch: 'required',
  summary: '安排一次活动（主题党日、三会一课等），成员可在开始前 30 分钟起签到',
  usage: USAGE,
  examples: ['/activity new kind=party_day at=2026-12-04 15:00 theme=学习党的二十届四中全会精神 place=三楼会议室', '/activity new kind=支部党员大会 at=2026-12-18 09:30'],
  keys: { kind: ['类型'], at: ['时间', '日期'], title: ['标题'], theme: ['主题'], place: ['地点'], ...CONFIRM_KEY },
  args: z.object({
    words: z.array(z.string()).max(1, '多余的内容：请把标题和地点写成 title=… place=…。'),
    named: z.object({ kind: activityKindArg, at: z.string().optional(), title: textArg('标题', 60).optional(), theme: textArg('主题', THEME_MAX_CHARS).optional(), place: textArg('地点', 60).optional(), confirm: z.string().optional() }),
  }).transform((a, ctx) => {
    const when = whenArg.safeParse({ at: a.named.at, time: a.words[0] });
    if (!when.success) {
      for (const issue of when.error.issues) ctx.addIssue({ code: 'custom', message: issue.message });
      return z.NEVER;
    }
    return { ...a.named, ...when.data };
  }),
  async run(ctx, { kind, date, clock, title, theme, place, confirm }) {
    const branch = branchOf(ctx);
    const startsAt = instantOf(date, clock, branch.zone);
    const local = DateTime.fromJSDate(startsAt, { zone: branch.zone });
    const earliest = DateTime.fromJSDate(ctx.now, { zone: branch.zone }).startOf('year').minus({ years: 1 });
    if (local < earliest) throw new CommandError('bad_args', `${date} 太早了：只能补录 ${earliest.year} 年以来的活动。`);
    const window = checkInWindow(startsAt, branch.zone);
    const label = local.toFormat('M月d日');
    const activityTitle = title ?? `${label}${ACTIVITY_KINDS[kind].nameZh}`;
    const when = formatDateTimeZh(startsAt, branch.zone, ctx.now);
    const isPast = startsAt < ctx.now;
    const twin = await ctx.db.activity.findFirst({ where: { branchId: branch.id, kind, startsAt, status: 'scheduled' } });
    if ((isPast || twin) && !isConfirmed({ confirm })) {
      return askToConfirm(ctx, {
        title: isPast ? `补录活动：${activityTitle}` : `重复的活动：${activityTitle}`,
        lines: [
          ...(isPast ? [`${when} 已经过去：这次登记是事后补录（补录），活动会计入考勤和台账，出席情况请用 /checkin @成员 activity=编号 补签。`] : []),
          ...(twin ? [`同一时间已有一次${ACTIVITY_KINDS[kind].nameZh}：#${twin.id} ${twin.title}（${when}）。确认后会再建一次，请确认不是重复登记。`] : []),
        ],
      });
    }
    const activity = await ctx.db.$transaction(async (tx) => {
      const created = await tx.activity.create({
        data: {
          branchId: branch.id, kind, title: activityTitle, theme: theme ?? null, place: place ?? null, startsAt,
          checkInOpensAt: window.opensAt, checkInClosesAt: window.closesAt, lateAfter: window.lateAfter, createdBy: ctx.actor.key,
        },
      });
      await tx.auditLog.create({ data: auditEntry(ctx, { action: 'activity.create', entity: 'Activity', entityId: created.id, organizationId: branch.id, detail: { kind, startsAt: startsAt.toISOString(), title: created.title, theme: created.theme, recordedAfter: isPast, duplicateOf: twin?.id ?? null } }) });
      return created;
    });
    const hhmm = (d: Date) => DateTime.fromJSDate(d, { zone: branch.zone }).toFormat('HH:mm');
    const themeLine = activity.theme ? [`主题：${activity.theme}`] : [];
    const lines = isPast
      ? [`已补录活动 #${activity.id}：${activity.title}`, ...themeLine, `时间：${when}${place ? `，地点：${place}` : ''}`, `出席情况请用 /checkin @成员 activity=${activity.id} 补签。`]
      : [
        `已安排活动 #${activity.id}：${activity.title}`,
        ...themeLine,
        `时间：${when}${place ? `，地点：${place}` : ''}`,
        `签到：${hhmm(window.opensAt)} 起至当天结束，${hhmm(window.lateAfter)} 后签到记为迟到。`,
      ];
    return [answer(ctx.msg, { lines })];
  },
});
