// Benchmark 4, digest: the secretary's digest of a 500-member branch with a year of records
// (an activity a week with check-ins, a dues record a month): the median time to load and
// render it, against a baseline in the same run (reading the branch's members: the least any
// digest must do).
import type { Provider } from '../src/db/provider.js';
import { loadBranchDigest } from '../src/digest/load-branch-digest.js';
import { renderBranchDigest } from '../src/digest/render-digest.js';
import { readBranchSettings } from '../src/domain/branch-settings.js';
import { checkInWindow } from '../src/domain/check-in-window.js';
import type { ActivityKind, CheckInStatus, LeaveDecision } from '../src/domain/vocabulary.js';
import { loadHolidayCalendar } from '../src/reminders/load-holiday-calendar.js';
import { benchDatabase } from './lib/bench-database.js';
import { benchMember } from './lib/bench-members.js';

const MEMBERS = 500;
const WEEKS = 52;
const ZONE = 'Asia/Shanghai';
const sh = (local: string) => new Date(`${local}+08:00`);
/** The digest is built on this day: a Monday, a year of records behind it. */
const NOW = sh('2026-12-07T09:00');
/** Rows per createMany: PostgreSQL takes at most 65,535 bind parameters a statement. */
const CHUNK = 5000;

export interface DigestResult {
  provider: Provider;
  members: number;
  activities: number;
  checkIns: number;
  duesRecords: number;
  runs: number;
  baselineMs: number;
  digestMs: number;
  /** The fastest run, for a sense of the spread. */
  digestMinMs: number;
  ratio: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

async function timed(runs: number, work: () => Promise<unknown>): Promise<number[]> {
  await work(); // warm-up: prepared statements, the client's first connection
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return times;
}

export async function digestBenchmark(provider: Provider, runs = 15): Promise<DigestResult> {
  const database = await benchDatabase(provider);
  try {
    const { db } = database;
    const createdAt = sh('2025-11-01T09:00');
    const branch = await db.organization.create({
      data: { name: '第一党支部', kind: 'branch', createdAt, settings: { partyDay: 'first friday 15:00', duesDay: 5, termStarted: '2024-03-01', duesTrackingSince: '2025-12' } },
    });
    await db.member.createMany({
      data: Array.from({ length: MEMBERS }, (_, n) => benchMember(n, branch.id, createdAt, { duesMonthlyFen: 5000, exempt: n % 50 === 1 })),
    });
    const members = await db.member.findMany({ where: { branchId: branch.id }, select: { id: true }, orderBy: { id: 'asc' } });
    await db.roleGrant.create({ data: { memberId: members[0]?.id ?? 0, role: 'secretary', organizationId: branch.id } });

    // An activity a week for a year (Fridays), with a few kinds, and a few ahead.
    const kinds: ActivityKind[] = ['party_day', 'group_meeting', 'party_lecture', 'volunteer_service'];
    const first = sh('2025-12-05T15:00');
    for (let w = 0; w < WEEKS + 3; w++) {
      const startsAt = new Date(first.getTime() + w * 7 * 24 * 3600_000);
      const window = checkInWindow(startsAt, ZONE);
      await db.activity.create({
        data: { branchId: branch.id, kind: kinds[w % kinds.length] ?? 'party_day', title: `第${w + 1}次活动`, startsAt, checkInOpensAt: window.opensAt, checkInClosesAt: window.closesAt, lateAfter: window.lateAfter },
      });
    }
    const past = await db.activity.findMany({ where: { branchId: branch.id, startsAt: { lte: NOW } }, select: { id: true } });
    // About 85% come (a tenth of them late), 5% ask for leave; the rest, and a few who stopped coming, are absent.
    type Mark = { activityId: number; memberId: number; status: CheckInStatus; leaveDecision?: LeaveDecision; leaveReason?: string; checkedInAt?: Date };
    const checkIns = past.flatMap((a, w) => members.flatMap((m, i): Mark[] => {
      const r = (i * 31 + w * 17) % 100;
      if (i % 40 === 7 && w > past.length - 16) return [];
      if (r < 85) return [{ activityId: a.id, memberId: m.id, status: r < 8 ? 'late' : 'present', checkedInAt: NOW }];
      if (r < 90) return [{ activityId: a.id, memberId: m.id, status: 'leave', leaveReason: '出差', leaveDecision: r < 88 ? 'approved' : 'pending' }];
      return [];
    }));
    for (let i = 0; i < checkIns.length; i += CHUNK) await db.checkIn.createMany({ data: checkIns.slice(i, i + CHUNK) });
    // A dues record a month, December 2025 to December 2026; some members fall behind.
    const months = Array.from({ length: 13 }, (_, k) => `${k === 0 ? 2025 : 2026}-${String(k === 0 ? 12 : k).padStart(2, '0')}`);
    const dues = members.flatMap((m, i) => months.flatMap((month, k) => {
      if (i % 20 === 3 && k >= 9) return [];
      const status = k === 12 ? (i % 3 === 0 ? ('unpaid' as const) : i % 3 === 1 ? ('reported' as const) : ('confirmed' as const)) : ('confirmed' as const);
      return [{ memberId: m.id, month, amountDueFen: 5000, status }];
    }));
    for (let i = 0; i < dues.length; i += CHUNK) await db.duesRecord.createMany({ data: dues.slice(i, i + CHUNK) });

    const calendar = await loadHolidayCalendar(db);
    const settings = readBranchSettings(branch.settings, ZONE);
    const baseline = await timed(runs, () => db.member.findMany({ where: { branchId: branch.id, leftAt: null }, select: { id: true, name: true, status: true, joinedAt: true } }));
    const digest = await timed(runs, async () => renderBranchDigest(await loadBranchDigest(db, branch, settings, calendar, NOW), '工作汇总'));
    const baselineMs = median(baseline);
    const digestMs = median(digest);
    return {
      provider, members: MEMBERS, activities: WEEKS + 3, checkIns: checkIns.length, duesRecords: dues.length, runs,
      baselineMs, digestMs, digestMinMs: Math.min(...digest), ratio: digestMs / baselineMs,
    };
  } finally {
    await database.drop();
  }
}
