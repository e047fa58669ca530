import { ACTIVITY_KINDS } from '../activity-kinds.js';
import { addMonths, daysBetween, daysInMonth, dayOfMonth, type YearMonth } from '../calendar/calendar-dates.js';
import { CADENCE_KINDS, periodOf, type Cadence, type CadenceKind } from '../calendar/meeting-cadence.js';
import { probationEndOf } from '../calendar/probation.js';
import type { IsoDate } from '../dates.js';
import { consecutiveUnpaidMonths } from '../dues/arrears.js';
import { firstDueMonth } from '../dues/due-months.js';
import { termRow } from '../organization-terms.js';
import type { ActivityKind, MemberStatus } from '../vocabulary.js';
import { SILENT_BRANCH_DAYS } from './branch-digest.js';

/** Members this many months or more in a row without dues are counted (domain-rules.md: alerts at 1, 3, 5). */
export const LONG_UNPAID_MONTHS = 3;

/** A member on the roster at the end of the month, as the scoreboard needs them. */
export interface ScoreboardMember {
  id: number;
  status: MemberStatus;
  joinedAt: IsoDate | null;
  probationStartedAt: IsoDate | null;
  exempt: boolean;
  /** The assessed monthly amount (fen); null when not assessed. */
  duesMonthlyFen: number | null;
}

/** A scheduled (not cancelled) activity of the branch, by its local date. */
export interface ScoreboardActivity {
  kind: ActivityKind;
  date: IsoDate;
  /** It had begun by the scoreboard's day. */
  hasBegun: boolean;
  /** Its meeting record has content. */
  hasRecord: boolean;
}

/** One 主题党日's turnout, as the attendance model (src/domain/attendance.ts) counted it. */
export interface ScoreboardTurnout {
  expected: number;
  attended: number;
}

export interface ScoreboardDuesRecord {
  memberId: number;
  month: YearMonth;
  status: 'unpaid' | 'reported' | 'confirmed';
  amountDueFen: number;
  amountPaidFen: number | null;
}

export interface ScoreboardBranchInput {
  name: string;
  parentName: string | null;
  members: readonly ScoreboardMember[];
  /** From the start of the month's year (or the month before, if earlier) to the month's end. */
  activities: readonly ScoreboardActivity[];
  /** The month's 主题党日 that have begun, each counted by the attendance model. */
  partyDayTurnouts: readonly ScoreboardTurnout[];
  /** The members' records, LONG_UNPAID_MONTHS or more months back through the month. */
  duesRecords: readonly ScoreboardDuesRecord[];
  duesTrackingStart: YearMonth;
  cadence: Readonly<Record<CadenceKind, Cadence>>;
  termStarted: IsoDate | null;
  termYears: number;
}

export interface ScoreboardInput {
  month: YearMonth;
  /** The day the scoreboard stands on: the month's last day, or today within the month. */
  asOf: IsoDate;
  branches: readonly ScoreboardBranchInput[];
}

export type TermStatus = 'overdue' | 'near' | 'unrecorded' | 'ok';

export interface ScoreboardRow {
  name: string;
  parentName: string | null;
  partyDay: { held: number; expected: number; attended: number; rate: number | null };
  /** 三会一课 and the yearly meetings: owed are those whose period closes this month or were already held in it. */
  cadence: { done: number; owed: number; missing: CadenceKind[] };
  recordsMissing: number;
  dues: { due: number; paid: number; assessedFen: number; collectedFen: number };
  longUnpaid: number;
  probationEnding: number;
  term: TermStatus;
  /** Days since the last activity began, as of `asOf`; null without one in the year. */
  daysSinceActivity: number | null;
  isSilent: boolean;
  /** Higher is worse: what puts the row first. */
  score: number;
  /** What is wrong, in Chinese, the most pressing first; empty when nothing is. */
  problems: string[];
}

/**
 * The upper level's monthly scoreboard: one row per branch below, the worst first. A pure
 * function of records read for `month`; attendance comes in already counted by the one
 * attendance model, never recounted here.
 */
export function treeScoreboard(input: ScoreboardInput): ScoreboardRow[] {
  const rows = input.branches.map((b) => scoreRow(b, input.month, input.asOf));
  return rows.sort((a, b) => b.score - a.score || (a.partyDay.rate ?? 2) - (b.partyDay.rate ?? 2) || a.name.localeCompare(b.name, 'zh'));
}

function scoreRow(b: ScoreboardBranchInput, month: YearMonth, asOf: IsoDate): ScoreboardRow {
  const monthFirst = `${month}-01`;
  const monthLast = dayOfMonth(month, daysInMonth(month));
  const begun = b.activities.filter((a) => a.hasBegun && a.date <= asOf);
  const ofMonth = begun.filter((a) => a.date >= monthFirst && a.date <= monthLast);

  const expected = b.partyDayTurnouts.reduce((n, t) => n + t.expected, 0);
  const attended = b.partyDayTurnouts.reduce((n, t) => n + t.attended, 0);
  const partyDay = { held: ofMonth.filter((a) => a.kind === 'party_day').length, expected, attended, rate: expected === 0 ? null : attended / expected };

  const cadence = cadenceOf(b, begun, monthLast);
  const recordsMissing = ofMonth.filter((a) => a.kind !== 'volunteer_service' && !a.hasRecord).length;
  const { dues, longUnpaid } = duesOf(b, month);
  const probationEnding = b.members.filter((m) => {
    const startedOn = m.probationStartedAt ?? m.joinedAt;
    return m.status === 'probationary' && startedOn !== null && probationEndOf(startedOn) <= dayOfMonth(addMonths(month, 1), daysInMonth(addMonths(month, 1)));
  }).length;
  const termOf = termRow({ name: b.name, kind: 'branch', parentName: b.parentName, startedOn: b.termStarted, years: b.termYears }, asOf, Number(month.slice(0, 4)));
  const term: TermStatus = termOf.state === 'overdue' ? 'overdue' : termOf.state === 'unrecorded' ? 'unrecorded' : termOf.isNear ? 'near' : 'ok';
  const last = begun.map((a) => a.date).sort().pop();
  const daysSinceActivity = last === undefined ? null : daysBetween(last, asOf);
  const isSilent = daysSinceActivity === null || daysSinceActivity >= SILENT_BRANCH_DAYS;

  const problems: string[] = [];
  let score = 0;
  const flag = (weight: number, text: string) => {
    score += weight;
    problems.push(text);
  };
  if (isSilent) flag(8, daysSinceActivity === null ? '一年内无活动' : `${daysSinceActivity} 天无活动`);
  // Within the month a branch is not yet behind: one with its 主题党日 still ahead is not flagged,
  // one with none arranged is told so, weighed less than a month that ended without one.
  const isScheduledLater = b.activities.some((a) => a.kind === 'party_day' && !a.hasBegun && a.date >= asOf && a.date <= monthLast);
  const isMonthOver = asOf >= monthLast;
  if (partyDay.held === 0 && isMonthOver) flag(4, '未开展主题党日');
  // Likewise a meeting owed this month: missing once the month is over; within it, flagged
  // lightly (with the 主题党日) only when none is arranged.
  const nameOf = (kinds: readonly CadenceKind[]) => kinds.map((k) => ACTIVITY_KINDS[k].nameZh);
  const unarranged = isMonthOver ? [] : cadence.missing.filter((k) => !b.activities.some((a) => a.kind === k && !a.hasBegun && a.date >= asOf && a.date <= monthLast));
  const isPartyDayUnarranged = !isMonthOver && partyDay.held === 0 && !isScheduledLater;
  if (isMonthOver && cadence.missing.length > 0) flag(2 * cadence.missing.length, `缺${nameOf(cadence.missing).join('、')}`);
  if (isPartyDayUnarranged || unarranged.length > 0) {
    flag((isPartyDayUnarranged ? 2 : 0) + unarranged.length, `本月尚未安排${[...(isPartyDayUnarranged ? ['主题党日'] : []), ...nameOf(unarranged)].join('、')}`);
  }
  if (term === 'overdue') flag(3, '换届已超期');
  if (recordsMissing > 0) flag(recordsMissing, `缺会议记录 ${recordsMissing} 份`);
  if (longUnpaid > 0) flag(Math.min(3, longUnpaid), `连续 ${LONG_UNPAID_MONTHS} 个月以上未缴党费 ${longUnpaid} 人`);
  if (dues.paid < dues.due) flag(1, `党费未缴 ${dues.due - dues.paid} 人`);
  if (partyDay.rate !== null && partyDay.rate < 0.8) flag(1, `主题党日出席率 ${Math.round(partyDay.rate * 100)}%`);
  return { name: b.name, parentName: b.parentName, partyDay, cadence, recordsMissing, dues, longUnpaid, probationEnding, term, daysSinceActivity, isSilent, score, problems };
}

/**
 * Each regular meeting is owed in the month its period closes (every month for 支委会, the
 * quarter's last month for 党员大会) and counts as done when held in its period by then. One
 * held early in its period counts in the month it was held, so a quarter is never owed twice.
 */
function cadenceOf(b: ScoreboardBranchInput, begun: readonly ScoreboardActivity[], monthLast: IsoDate): ScoreboardRow['cadence'] {
  const result: ScoreboardRow['cadence'] = { done: 0, owed: 0, missing: [] };
  for (const kind of CADENCE_KINDS) {
    const every = b.cadence[kind];
    if (every === 'off') continue;
    const period = periodOf(monthLast, every);
    const isClosing = period.last === monthLast;
    const heldIn = begun.filter((a) => a.kind === kind && a.date >= period.first && a.date <= period.last);
    const isHeldThisMonth = heldIn.some((a) => a.date.slice(0, 7) === monthLast.slice(0, 7));
    if (heldIn.length > 0 && (isClosing || isHeldThisMonth)) {
      result.done += 1;
      result.owed += 1;
    } else if (isClosing) {
      result.owed += 1;
      result.missing.push(kind);
    }
  }
  return result;
}

function duesOf(b: ScoreboardBranchInput, month: YearMonth): { dues: ScoreboardRow['dues']; longUnpaid: number } {
  const dues = { due: 0, paid: 0, assessedFen: 0, collectedFen: 0 };
  let longUnpaid = 0;
  const byMember = new Map<number, ScoreboardDuesRecord[]>();
  for (const r of b.duesRecords) byMember.set(r.memberId, [...(byMember.get(r.memberId) ?? []), r]);
  for (const m of b.members) {
    const first = firstDueMonth(m, b.duesTrackingStart);
    if (first === undefined || m.exempt || month < first) continue;
    const records = byMember.get(m.id) ?? [];
    const record = records.find((r) => r.month === month);
    dues.due += 1;
    dues.assessedFen += record?.amountDueFen ?? m.duesMonthlyFen ?? 0;
    if (record?.status === 'confirmed') {
      dues.paid += 1;
      dues.collectedFen += record.amountPaidFen ?? record.amountDueFen;
    }
    const paidMonths = new Set(records.filter((r) => r.status !== 'unpaid').map((r) => r.month));
    if (consecutiveUnpaidMonths({ paidMonths, firstDueMonth: first, throughMonth: month }) >= LONG_UNPAID_MONTHS) longUnpaid += 1;
  }
  return { dues, longUnpaid };
}
