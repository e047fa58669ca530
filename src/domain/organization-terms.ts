import { addDays, addMonthsToDate, daysBetween, yearOf } from './calendar/calendar-dates.js';
import { termEndOf } from './calendar/committee-term.js';
import type { IsoDate } from './dates.js';
import type { OrganizationKind } from './vocabulary.js';

/**
 * Term length (任期) by kind when none is set: 《中国共产党基层组织选举工作条例》(2020) gives a
 * 党的基层委员会 (机关党委) 5 years, a 总支部委员会 and a 支部委员会 3. A 工委 is the upper party
 * committee's agency and is not elected by these rules; 5 is assumed there, set where it differs.
 */
export const DEFAULT_TERM_YEARS_BY_KIND: Record<OrganizationKind, number> = {
  working_committee: 5,
  committee: 5,
  general_branch: 3,
  branch: 3,
};

/** An organisation's term as recorded: when the current one began and its length, if set. */
export interface RecordedTerm {
  name: string;
  kind: OrganizationKind;
  parentName: string | null;
  startedOn: IsoDate | null;
  /** Set for this organisation; null takes the kind's default. */
  years: number | null;
}

export type TermState = 'overdue' | 'this_year' | 'unrecorded' | 'later';

export interface TermRow extends RecordedTerm {
  years: number;
  endsOn: IsoDate | null;
  /** Days from today to the end; negative once overdue. */
  daysLeft: number | null;
  state: TermState;
  /** Within six months of the end (or past it): the level above should be preparing the election. */
  isNear: boolean;
}

/** Where each organisation's term stands on `today`, for the list of `year`. */
export function termRow(term: RecordedTerm, today: IsoDate, year: number): TermRow {
  const years = term.years ?? DEFAULT_TERM_YEARS_BY_KIND[term.kind];
  if (!term.startedOn) return { ...term, years, endsOn: null, daysLeft: null, state: 'unrecorded', isNear: false };
  const endsOn = termEndOf(term.startedOn, years);
  const daysLeft = daysBetween(today, endsOn);
  const state: TermState = daysLeft < 0 ? 'overdue' : yearOf(endsOn) === year ? 'this_year' : 'later';
  return { ...term, years, endsOn, daysLeft, state, isNear: endsOn <= addMonthsToDate(today, 6) };
}

const ORDER: Record<TermState, number> = { overdue: 0, this_year: 1, unrecorded: 2, later: 3 };

/**
 * The upper level's list of terms for `year`: overdue ones first, then those ending that
 * year by date, then organisations with no term recorded; terms ending later are left out.
 */
export function termsDue(terms: readonly RecordedTerm[], today: IsoDate, year: number): TermRow[] {
  return terms
    .map((t) => termRow(t, today, year))
    .filter((r) => r.state !== 'later')
    .sort((a, b) => ORDER[a.state] - ORDER[b.state] || (a.endsOn ?? '').localeCompare(b.endsOn ?? '') || a.name.localeCompare(b.name));
}

/** Which notice: months before the end, or the day after it (overdue). */
export type TermNotice = '6m' | '3m' | '1m' | 'overdue';

/** The notices of a term and the date each falls on: 6, 3 and 1 months before it ends, and the day after. */
export function termNoticeDates(endsOn: IsoDate): [TermNotice, IsoDate][] {
  return [['6m', addMonthsToDate(endsOn, -6)], ['3m', addMonthsToDate(endsOn, -3)], ['1m', addMonthsToDate(endsOn, -1)], ['overdue', addDays(endsOn, 1)]];
}

/** How long a notice is worth sending after its day (a planner down for a few days still sends it). */
export const TERM_NOTICE_USEFUL_DAYS = 7;

/** The notice due on `today`, if one fell within the last week: the latest such. */
export function termNoticeDue(endsOn: IsoDate, today: IsoDate): { notice: TermNotice; on: IsoDate } | undefined {
  const due = termNoticeDates(endsOn).filter(([, on]) => on <= today && daysBetween(on, today) < TERM_NOTICE_USEFUL_DAYS);
  const last = due[due.length - 1];
  return last ? { notice: last[0], on: last[1] } : undefined;
}
