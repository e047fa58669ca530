import { z } from 'zod';
import { readBranchSettings, readStoredSettings } from '../../domain/branch-settings.js';
import { movingRulesZh } from '../../domain/calendar/moving-rules.js';
import { nextPartyDay, shiftNotes } from '../../domain/calendar/party-day.js';
import { formatDateTimeZh } from '../../domain/dates.js';
import { loadHolidayCalendar } from '../../reminders/load-holiday-calendar.js';
import { followPlacementChange } from '../../reminders/party-day-activities.js';
import { auditEntry } from '../audit.js';
import { applySettingInputs, describeSettings, SETTING_INPUTS } from '../branch-setting-inputs.js';
import { CommandError } from '../command-error.js';
import { defineCommand } from '../define-command.js';
import { branchOf } from '../guards.js';
import { answer } from '../replies.js';

const USAGE = '/branch set partyday="first friday 15:00" duesday=5 digest="mon 09:00" quiet=22:00-08:00 term_started=2025-03-01 shift=next_workday|previous_workday|none';

export const branchSetCommand = defineCommand({
  name: 'branch set',
  aliases: ['支部 设置', '支部设置'],
  level: 'admin',
  branch: 'required',
  summary: '设置本支部的固定党日、党费日、免打扰时段、换届时间等；不带参数则查看当前设置',
  usage: USAGE,
  examples: [
    '/branch set partyday="first friday 15:00" duesday=5',
    '/branch set 固定党日="每月最后一个星期五 15:00" shift=none',
    '/branch set quiet=22:00-08:00 digest="mon 09:00" term_started=2025-03-01 term_years=3',
    '/branch set remind_birthday=off cadence=group:off',
  ],
  notes: movingRulesZh(),
  keys: Object.fromEntries(Object.entries(SETTING_INPUTS).map(([key, input]) => [key, input.aliases])),
  args: z.object({ words: z.array(z.string()), named: z.record(z.string(), z.string()) }).superRefine((a, ctx) => {
    if (a.words.length > 0) ctx.addIssue({ code: 'custom', message: `多余的内容「${a.words.join(' ')}」。设置写成 key=value；值里有空格时请加引号，例如 partyday="first friday 15:00"。` });
  }),
  async run(ctx, { named }) {
    const branch = branchOf(ctx);
    const org = await ctx.db.organization.findUniqueOrThrow({ where: { id: branch.id } });
    const before = readBranchSettings(org.settings, ctx.defaultZone);
    if (Object.keys(named).length === 0) return [answer(ctx.msg, { title: `「${branch.name}」的设置`, lines: describeSettings(before, org.createdAt) })];

    const stored = readStoredSettings(org.settings);
    const applied = applySettingInputs(stored, named);
    if ('errors' in applied) throw new CommandError('bad_args', `${applied.errors.join('\n')}\n设置没有改动。`);
    const was: Record<string, unknown> = stored;
    const will: Record<string, unknown> = applied.settings;
    const changed = [...new Set([...Object.keys(was), ...Object.keys(will)])].filter((k) => JSON.stringify(was[k]) !== JSON.stringify(will[k]));
    if (changed.length === 0) return [answer(ctx.msg, '设置与现在相同，没有改动。')];

    const after = readBranchSettings(applied.settings, ctx.defaultZone);
    const calendar = await loadHolidayCalendar(ctx.db);
    const moves = await ctx.db.$transaction(async (tx) => {
      await tx.organization.update({ where: { id: branch.id }, data: { settings: applied.settings } });
      const detail = Object.fromEntries(changed.map((k) => [k, { from: was[k] ?? null, to: will[k] ?? null }]));
      await tx.auditLog.create({ data: auditEntry(ctx, { action: 'branch.settings', entity: 'Organization', entityId: branch.id, organizationId: branch.id, detail: detail }) });
      const followed = await followPlacementChange(tx, branch.id, { settings: before, calendar }, { settings: after, calendar }, ctx.now);
      for (const { activity, from } of followed) {
        await tx.auditLog.create({ data: auditEntry(ctx, { action: 'activity.move', entity: 'Activity', entityId: activity.id, organizationId: branch.id, detail: { from: from.toISOString(), to: activity.startsAt.toISOString(), reason: 'party-day rule changed' } }) });
      }
      return followed;
    });

    const lines = [...describeSettings(after, org.createdAt)];
    if (after.partyDay) {
      const next = nextPartyDay(ctx.now, after.partyDay, after.shift, calendar, after.timezone);
      lines.push(`下次主题党日：${formatDateTimeZh(next.startsAt, after.timezone, ctx.now)}（提前一个月自动安排活动）`, ...shiftNotes(next));
    }
    for (const { activity, from } of moves) lines.push(`已按新规则调整：${activity.title}由${formatDateTimeZh(from, after.timezone, ctx.now)}改到${formatDateTimeZh(activity.startsAt, after.timezone, ctx.now)}。`);
    return [answer(ctx.msg, { title: `已更新「${branch.name}」的设置`, lines })];
  },
});
