import { inBrackets } from '../../domain/dates.js';
import type { OutgoingMessage } from '../../bot/types.js';
import { duesTrackingStart } from '../../domain/dues/tracking.js';
import { addMonths, formatMonthZh, formatShortDateZh } from '../../domain/calendar/calendar-dates.js';
import { ARREARS_ALERT_MONTHS, duesStanding, formatFen, type DuesMemberFacts, type DuesStanding } from '../../domain/reminders/dues-standing.js';
import type { SlotOf } from '../../domain/reminders/reminder-slots.js';
import { SECRETARY_FIRST } from '../branch-audience.js';
import type { PlannedNotification } from '../planned-notification.js';
import { sharedMessages, toGroups, toMembers, toOfficers, type ExpandContext } from './expand-context.js';

type DuesSlot = SlotOf<'dues_day' | 'dues_follow_up'>;

/** Months of records read to count unpaid months in a row: enough to tell 5 from 6. */
const LOOKBACK_MONTHS = 7;

/**
 * Dues day: a generic group notice (no amounts), a private reminder with their own amount to
 * each member who has not paid this month, and the secretary's private alert about members at
 * 1, 3 or 5 unpaid months in a row. Three days later, a second private reminder to those still
 * unpaid.
 */
export async function expandDues(ctx: ExpandContext, slot: DuesSlot): Promise<PlannedNotification[]> {
  const timing = { dueAt: slot.dueAt, expiresAt: slot.expiresAt };
  const standings = await duesStandings(ctx, slot.month);
  const owing = standings.filter((s) => s.owesThisMonth);
  const monthZh = `${Number(slot.month.slice(5))}月`;
  if (slot.kind === 'dues_follow_up') {
    const followUpFor = sharedMessages((amountFen: number | null) => followUp(monthZh, amountFen));
    return toMembers(ctx, 'dues_follow_up', slot.occurrence, timing, owing, (s) => followUpFor(s.amountFen));
  }
  const shifted = slot.duesDay.date !== slot.duesDay.plannedDate
    ? `本月党费日${inBrackets(formatShortDateZh(slot.duesDay.plannedDate))}逢${slot.duesDay.dayOffName ?? '休息日'}，调整到今天。`
    : '';
  const notice: OutgoingMessage = {
    title: '党费缴纳提醒',
    lines: [`今天是本支部党费缴纳日，请各位同志按时缴纳${monthZh}党费。${shifted}`, `缴纳后请私信我：已缴 金额。${whereAmountsAre(owing)}`],
  };
  const alerted = standings.filter((s) => ARREARS_ALERT_MONTHS.includes(s.unpaidMonthsBefore));
  const reminderFor = sharedMessages((amountFen: number | null) => reminder(monthZh, amountFen));
  return [
    ...(await toGroups(ctx, 'dues_day', slot.occurrence, timing, notice)),
    ...(await toMembers(ctx, 'dues_reminder', slot.occurrence, timing, owing, (s) => reminderFor(s.amountFen))),
    ...(alerted.length > 0 ? await toOfficers(ctx, SECRETARY_FIRST, 'dues_arrears', slot.occurrence, timing, arrearsAlert(slot.month, alerted)) : []),
  ];
}

type Standing = DuesMemberFacts & DuesStanding;

async function duesStandings(ctx: ExpandContext, month: string): Promise<Standing[]> {
  const members = (await ctx.audience.members()).filter((m) => !m.exempt && (m.status === 'full' || m.status === 'probationary'));
  const records = await ctx.db.duesRecord.findMany({
    where: { memberId: { in: members.map((m) => m.id) }, month: { gte: addMonths(month, -LOOKBACK_MONTHS), lte: month } },
    select: { memberId: true, month: true, status: true, amountDueFen: true },
  });
  const since = duesTrackingStart(ctx.settings, ctx.branch.createdAt);
  return members.map((m) => ({ ...m, ...duesStanding(m, records, month, since) }));
}

/** What the group is told about amounts, true for everyone reminded: each hears their own amount only where one is set. */
function whereAmountsAre(owing: readonly Standing[]): string {
  const withAmount = owing.filter((s) => s.amountFen !== null).length;
  if (withAmount === owing.length) return '应缴金额已私信发给各位。';
  if (withAmount === 0) return '应缴金额请向支部书记确认。';
  return '已核定金额的同志已收到私信，其他同志请向支部书记确认应缴金额。';
}

/** The words a member answers with: the Chinese ones README and /help teach. */
function paidLine(amountFen: number | null): string {
  return `已缴 ${amountFen === null ? '金额' : formatFen(amountFen)}`;
}

function reminder(monthZh: string, amountFen: number | null): OutgoingMessage {
  if (amountFen === null) {
    return { title: '党费缴纳提醒', lines: [`今天是党费缴纳日，你${monthZh}的党费还没有登记缴纳。`, `应缴金额请向支部书记确认；缴纳后请回复：${paidLine(null)}`] };
  }
  return { title: '党费缴纳提醒', lines: [`今天是党费缴纳日，你${monthZh}应缴党费 ${formatFen(amountFen)} 元。`, `缴纳后请回复：${paidLine(amountFen)}`] };
}

function followUp(monthZh: string, amountFen: number | null): OutgoingMessage {
  const amount = amountFen === null ? '' : `（${formatFen(amountFen)} 元）`;
  return {
    title: '党费提醒',
    lines: [`你${monthZh}的党费${amount}还没有登记缴纳。`, `如已缴纳，请回复：${paidLine(amountFen)}；如有困难，可以和支部书记说明。`],
  };
}

function arrearsAlert(month: string, alerted: Standing[]): OutgoingMessage {
  const through = formatMonthZh(addMonths(month, -1));
  return {
    title: '党费缴纳情况（仅书记可见）',
    lines: [
      `截至${through}，以下同志连续未登记缴纳党费：`,
      ...alerted.map((s) => `${s.name}：${s.unpaidMonthsBefore} 个月（${formatMonthZh(addMonths(month, -s.unpaidMonthsBefore))}起）`),
      '请了解情况，提醒按时缴纳或补缴。',
    ],
  };
}
