import { nameAt } from '../org-tree/name-at.js';
import { DateTime } from 'luxon';
import type { ActivityKind, Db, DuesCategory, DuesStatus, MemberStatus } from '../db/client.js';
import { activityAttendance, type ActivityAttendance } from '../domain/attendance.js';
import { readBranchSettings } from '../domain/branch-settings.js';
import { politicalBirthdayIn } from '../domain/calendar/political-birthday.js';
import { firstDueMonth } from '../domain/dues/due-months.js';
import { addMonths, monthAt, type YearMonth } from '../domain/dues/months.js';
import { duesTrackingStart } from '../domain/dues/tracking.js';
import { isPartyMember } from '../domain/member-status.js';
import { periodMonths, periodYear, type LedgerPeriod } from '../domain/ledger-period.js';

export interface LedgerMember {
  name: string;
  status: MemberStatus;
  joinedAt: string | null;
  probationStartedAt: string | null;
  convertedAt: string | null;
  duesCategory: DuesCategory;
  duesMonthlyFen: number | null;
  isExempt: boolean;
  /** The local date the member left the roster, if they did. */
  leftOn: string | null;
}

export interface LedgerActivity {
  id: number;
  kind: ActivityKind;
  title: string;
  /** A themed party day's theme, set in advance. */
  theme: string | null;
  place: string | null;
  startsAt: Date;
  /** The attendance model's answer at the export's instant. */
  attendance: ActivityAttendance;
  /** Members whose leave was approved by themselves (no other officer to ask). */
  selfApproved: number[];
  /** Its meeting record (会议记录), if a row exists; attendance is never part of it. */
  record: LedgerMeetingRecord | null;
}

export interface LedgerMeetingRecord {
  topic: string | null;
  hostName: string | null;
  recorderName: string | null;
  content: string;
  /** Set when a written record was changed afterwards (记录后修改). */
  editedAt: Date | null;
  version: number;
  /** The photos and files kept with it, in the order they were sent (the bytes are in the file store). */
  files: { id: number; name: string; mimeType: string }[];
}

export interface LedgerDuesRow {
  name: string;
  monthlyFen: number | null;
  /** Per month of the period: undefined when the month was not due (before admission or tracking). */
  months: ({ status: DuesStatus; paidFen: number | null; isSelfConfirmed: boolean } | undefined)[];
}

export interface LedgerBirthday {
  name: string;
  joinedAt: string;
  birthday: string;
  years: number;
}

/** Everything the ledger workbook shows, read once; the sheets only lay it out. */
export interface LedgerData {
  branchName: string;
  zone: string;
  period: LedgerPeriod;
  generatedAt: Date;
  members: LedgerMember[];
  activities: LedgerActivity[];
  months: YearMonth[];
  dues: LedgerDuesRow[];
  birthdays: LedgerBirthday[];
}

/**
 * Reads a branch's ledgers for a period: the roster as it stood (members who left during or
 * after the period included), the activities held, dues per member and month, and the
 * year's political birthdays.
 */
export async function loadLedger(db: Db, branchId: number, period: LedgerPeriod, now: Date, defaultZone: string): Promise<LedgerData> {
  const org = await db.organization.findUniqueOrThrow({ where: { id: branchId } });
  const settings = readBranchSettings(org.settings, defaultZone);
  const zone = settings.timezone;
  const months = periodMonths(period);
  const first = months[0] ?? monthAt(now, zone);
  const last = months[months.length - 1] ?? first;
  const from = DateTime.fromISO(`${first}-01`, { zone }).toJSDate();
  const until = DateTime.fromISO(`${addMonths(last, 1)}-01`, { zone }).toJSDate();

  const members = await db.member.findMany({
    where: { branchId, OR: [{ joinedBranchOn: null }, { joinedBranchOn: { lte: localDayBefore(until, zone) } }], AND: { OR: [{ leftAt: null }, { leftAt: { gte: from } }] } },
    include: { duesRecords: { where: { month: { gte: first, lte: last } } } },
    orderBy: { id: 'asc' },
  });
  const activities = await db.activity.findMany({
    where: { branchId, status: 'scheduled', startsAt: { gte: from, lt: until } },
    include: {
      checkIns: { select: { memberId: true, status: true, leaveDecision: true, decidedById: true } },
      record: { include: { host: { select: { name: true } }, recorder: { select: { name: true } }, files: { select: { id: true, name: true, mimeType: true }, orderBy: { id: 'asc' } } } },
    },
    orderBy: { startsAt: 'asc' },
  });

  const trackingStart = duesTrackingStart(settings, org.createdAt);
  const currentMonth = monthAt(now, zone);
  const year = periodYear(period);
  const localDay = (instant: Date) => DateTime.fromJSDate(instant, { zone }).toISODate();

  return {
    // The name of the time: a ledger of a period before a rename shows the name then in use.
    branchName: await nameAt(db, org, until < now ? until : now),
    zone,
    period,
    generatedAt: now,
    members: members.map((m) => ({
      name: m.name, status: m.status, joinedAt: m.joinedAt, probationStartedAt: m.probationStartedAt, convertedAt: m.convertedAt,
      duesCategory: m.duesCategory, duesMonthlyFen: m.duesMonthlyFen, isExempt: m.exempt,
      // The roster as it stood at the period's end: a later departure (a merge, a removal) leaves a closed ledger as it was.
      leftOn: m.leftAt && m.leftAt < until ? localDay(m.leftAt) : null,
    })),
    activities: activities.map((a) => ({
      id: a.id, kind: a.kind, title: a.title, theme: a.theme, place: a.place, startsAt: a.startsAt,
      attendance: activityAttendance(a, members, a.checkIns, now, zone),
      selfApproved: a.checkIns.filter((c) => c.leaveDecision === 'approved' && c.decidedById === c.memberId).map((c) => c.memberId),
      record: a.record && {
        topic: a.record.topic, hostName: a.record.host?.name ?? null, recorderName: a.record.recorder?.name ?? null,
        content: a.record.content, editedAt: a.record.editedAt, version: a.record.version, files: a.record.files,
      },
    })),
    months,
    dues: members.flatMap((m) => {
      const firstDue = firstDueMonth(m, trackingStart);
      if (!firstDue || firstDue > last) return [];
      return [{
        name: m.name,
        monthlyFen: m.duesMonthlyFen,
        months: months.map((month) => {
          if (month < firstDue || month > currentMonth) return undefined;
          const record = m.duesRecords.find((r) => r.month === month);
          return { status: record?.status ?? 'unpaid', paidFen: record?.amountPaidFen ?? null, isSelfConfirmed: record?.status === 'confirmed' && record.confirmedById === m.id };
        }),
      }];
    }),
    birthdays: members
      .filter((m): m is typeof m & { joinedAt: string } => (m.leftAt === null || m.leftAt >= until) && isPartyMember(m.status) && m.joinedAt !== null && Number(m.joinedAt.slice(0, 4)) < year)
      .map((m) => ({ name: m.name, joinedAt: m.joinedAt, birthday: politicalBirthdayIn(m.joinedAt, year), years: year - Number(m.joinedAt.slice(0, 4)) }))
      .sort((a, b) => a.birthday.localeCompare(b.birthday) || a.name.localeCompare(b.name)),
  };
}

/** The local date of the day before `instant` (the last day of a period ending there). */
function localDayBefore(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).minus({ days: 1 }).toISODate() ?? '';
}
