import { DateTime } from 'luxon';

/** Check-in opens this long before an activity starts. */
export const OPENS_BEFORE_MINUTES = 30;
/** A check-in this long after the start still counts as on time. */
export const LATE_GRACE_MINUTES = 15;

export interface CheckInWindow {
  opensAt: Date;
  /** The end of the activity's day in the branch's time zone. */
  closesAt: Date;
  /** A check-in after this instant is late. */
  lateAfter: Date;
}

/**
 * When members may check in to an activity starting at `startsAt`: from 30 minutes before
 * the start to the end of that day in `zone`; late after the start plus 15 minutes.
 */
export function checkInWindow(startsAt: Date, zone: string): CheckInWindow {
  const start = DateTime.fromJSDate(startsAt, { zone });
  return {
    opensAt: start.minus({ minutes: OPENS_BEFORE_MINUTES }).toJSDate(),
    closesAt: start.endOf('day').toJSDate(),
    lateAfter: start.plus({ minutes: LATE_GRACE_MINUTES }).toJSDate(),
  };
}

export type CheckInTiming = 'not_open' | 'on_time' | 'late' | 'closed';

/** How a check-in at `now` counts for an activity with this window. */
export function checkInTiming(window: CheckInWindow, now: Date): CheckInTiming {
  if (now < window.opensAt) return 'not_open';
  if (now > window.closesAt) return 'closed';
  return now > window.lateAfter ? 'late' : 'on_time';
}
