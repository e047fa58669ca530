import { DateTime } from 'luxon';
import type { IsoDate } from './dates.js';
import type { MemberStatus } from './vocabulary.js';

export type PartyStanding =
  /** 党龄 counts from conversion (转正); estimated as admission + 1 year when not recorded. */
  | { kind: 'full'; since: IsoDate | undefined; years: number | undefined; isEstimated: boolean }
  /** Probation lasts one year from its start (the admission meeting). */
  | { kind: 'probationary'; probationEnds: IsoDate | undefined }
  | { kind: 'not_member' };

/** A member's standing in the Party on `today` (党章 Art. 7: party standing counts from the end of probation). */
export function partyStanding(
  member: { status: MemberStatus; joinedAt: string | null; probationStartedAt: string | null; convertedAt: string | null },
  today: IsoDate,
): PartyStanding {
  if (member.status === 'probationary') {
    const start = member.probationStartedAt ?? member.joinedAt;
    return { kind: 'probationary', probationEnds: start ? oneYearAfter(start) : undefined };
  }
  if (member.status !== 'full') return { kind: 'not_member' };
  const since = member.convertedAt ?? (member.joinedAt ? oneYearAfter(member.joinedAt) : undefined);
  return { kind: 'full', since, years: since ? wholeYears(since, today) : undefined, isEstimated: !member.convertedAt };
}

function oneYearAfter(date: IsoDate): IsoDate {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ years: 1 }).toISODate() ?? date;
}

/** Whole years from `from` to `to`; 0 if `to` comes first. */
export function wholeYears(from: IsoDate, to: IsoDate): number {
  const years = Math.floor(DateTime.fromISO(to, { zone: 'UTC' }).diff(DateTime.fromISO(from, { zone: 'UTC' }), 'years').years);
  return Math.max(0, years);
}
