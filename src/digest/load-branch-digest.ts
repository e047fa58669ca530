import { DateTime } from 'luxon';
import type { Db } from '../db/client.js';
import type { BranchSettings } from '../domain/branch-settings.js';
import { addMonths, monthOf } from '../domain/calendar/calendar-dates.js';
import type { HolidayCalendar } from '../domain/calendar/holiday-calendar.js';
import { branchDigest, DIGEST_DUES_LOOKBACK_MONTHS, type BranchDigest } from '../domain/digest/branch-digest.js';
import { localDate } from '../domain/dates.js';
import { duesTrackingStart } from '../domain/dues/tracking.js';

/** A branch as the digest needs it (an Organization row will do). */
export interface DigestBranch {
  id: number;
  name: string;
  createdAt: Date;
}

/** Activities are read this many months back (the silent branch) and to the start of the year (三会一课). */
const ACTIVITY_LOOKBACK_MONTHS = 12;
/**
 * Check-ins are read for activities this many months back (and the current month): enough
 * for the trend and for runs of months without attendance, which are then "6 months or more".
 * Check-ins are most of the rows a digest reads; a year of them doubled its time.
 */
const ATTENDANCE_LOOKBACK_MONTHS = 6;

/**
 * Reads what a branch's digest needs in four queries (members, activities and dues records
 * together, then the activities' check-ins) and computes the digest. The check-ins are selected by the
 * activity ids of the branch, a plain indexed IN, not a join.
 */
export async function loadBranchDigest(db: Db, branch: DigestBranch, settings: BranchSettings, calendar: HolidayCalendar, now: Date): Promise<BranchDigest> {
  const zone = settings.timezone;
  const local = DateTime.fromJSDate(now, { zone });
  const yearStart = local.startOf('year');
  const lookback = local.minus({ months: ACTIVITY_LOOKBACK_MONTHS }).startOf('month');
  const since = (lookback < yearStart ? lookback : yearStart).toJSDate();
  const attendanceSince = local.minus({ months: ATTENDANCE_LOOKBACK_MONTHS }).startOf('month').toJSDate();
  const month = monthOf(localDate(now, zone));
  const [members, activities, duesRecords] = await Promise.all([
    db.member.findMany({
      where: { branchId: branch.id, OR: [{ leftAt: null }, { leftAt: { gt: since } }] },
      select: { id: true, name: true, status: true, joinedAt: true, joinedBranchOn: true, probationStartedAt: true, exempt: true, leftAt: true },
      orderBy: { id: 'asc' },
    }),
    db.activity.findMany({
      where: { branchId: branch.id, status: 'scheduled', startsAt: { gte: since } },
      select: { id: true, kind: true, status: true, title: true, startsAt: true, checkInClosesAt: true },
      orderBy: { startsAt: 'asc' },
    }),
    db.duesRecord.findMany({
      where: { member: { branchId: branch.id, leftAt: null }, month: { gte: addMonths(month, -DIGEST_DUES_LOOKBACK_MONTHS), lte: month } },
      select: { memberId: true, month: true, status: true },
    }),
  ]);
  const pastIds = activities.filter((a) => a.startsAt <= now && a.startsAt >= attendanceSince && a.kind !== 'volunteer_service').map((a) => a.id);
  const begunIds = activities.filter((a) => a.startsAt <= now).map((a) => a.id);
  const [checkIns, records] = await Promise.all([
    pastIds.length === 0 ? [] : db.checkIn.findMany({
      where: { activityId: { in: pastIds } },
      select: { activityId: true, memberId: true, status: true, leaveDecision: true },
    }),
    begunIds.length === 0 ? [] : db.meetingRecord.findMany({
      where: { activityId: { in: begunIds } },
      select: { activityId: true, content: true, recorder: { select: { name: true } } },
    }),
  ]);
  return branchDigest({
    branchName: branch.name,
    now,
    zone,
    members,
    activities,
    checkIns,
    meetingRecords: records.map((r) => ({ activityId: r.activityId, content: r.content, recorderName: r.recorder?.name ?? null })),
    attendanceSince,
    duesRecords,
    duesTrackingStart: duesTrackingStart(settings, branch.createdAt),
    cadence: settings.cadence,
    termStarted: settings.termStarted,
    termYears: settings.termYears,
    calendar,
    hasFixedDays: settings.partyDay !== null || settings.duesDay !== null,
  });
}
