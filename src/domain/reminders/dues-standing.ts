import { consecutiveUnpaidMonths } from '../dues/arrears.js';
import { addMonths, type YearMonth } from '../calendar/calendar-dates.js';
import type { IsoDate } from '../dates.js';

/** The secretary is alerted, in private, when a member's unpaid months in a row reach these counts. */
export const ARREARS_ALERT_MONTHS: readonly number[] = [1, 3, 5];

export interface DuesMemberFacts {
  id: number;
  name: string;
  joinedAt: IsoDate | null;
  duesMonthlyFen: number | null;
  duesYear: number | null;
}

export interface DuesRecordFacts {
  memberId: number;
  month: YearMonth;
  status: 'unpaid' | 'reported' | 'confirmed';
  amountDueFen: number;
}

export interface DuesStanding {
  /** Whether `month` is owed and not yet paid (reported or confirmed). */
  owesThisMonth: boolean;
  /** What the member owes for `month`, in fen, when it is known. */
  amountFen: number | null;
  /** Unpaid months in a row before `month`. */
  unpaidMonthsBefore: number;
}

/**
 * Where a member stands with dues on the dues day of `month`. Dues are owed from the month of
 * admission (probationary members too), never before the branch began tracking them in zhibu.
 */
export function duesStanding(member: DuesMemberFacts, records: readonly DuesRecordFacts[], month: YearMonth, trackingStart: YearMonth): DuesStanding {
  const own = records.filter((r) => r.memberId === member.id);
  const joinedMonth = member.joinedAt?.slice(0, 7);
  const firstDueMonth = joinedMonth && joinedMonth > trackingStart ? joinedMonth : trackingStart;
  const paidMonths = new Set(own.filter((r) => r.status !== 'unpaid').map((r) => r.month));
  const record = own.find((r) => r.month === month);
  const isYearFixed = member.duesYear === null || member.duesYear === Number(month.slice(0, 4));
  return {
    owesThisMonth: month >= firstDueMonth && !paidMonths.has(month),
    amountFen: record?.amountDueFen ?? (isYearFixed ? member.duesMonthlyFen : null),
    unpaidMonthsBefore: consecutiveUnpaidMonths({ paidMonths, firstDueMonth, throughMonth: addMonths(month, -1) }),
  };
}

/** "75.00" for 7500 fen. */
export function formatFen(fen: number): string {
  return (fen / 100).toFixed(2);
}
