import type { IsoDate } from '../dates.js';
import { addDays, addYears } from './calendar-dates.js';

/** The member and the organization officer hear this many days before probation ends, and on the day. */
export const PROBATION_NOTICE_DAYS = 30;

/** The end of the one-year probation (预备期) begun on `startedAt` (党章第七条). */
export function probationEndOf(startedAt: IsoDate): IsoDate {
  return addYears(startedAt, 1);
}

export type ProbationNotice = 'ahead' | 'today';

/** Which probation notice, if any, falls on `date` for probation begun on `startedAt`. */
export function probationNoticeOn(startedAt: IsoDate, date: IsoDate): { notice: ProbationNotice; endsOn: IsoDate } | undefined {
  const endsOn = probationEndOf(startedAt);
  if (date === endsOn) return { notice: 'today', endsOn };
  if (date === addDays(endsOn, -PROBATION_NOTICE_DAYS)) return { notice: 'ahead', endsOn };
  return undefined;
}
