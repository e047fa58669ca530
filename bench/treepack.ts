// Benchmark 6, treepack: the upper level's year-end pack of 100 organisations (1 工委, 4 党委,
// 5 总支, 90 支部) and 5,000 members with a year of records (a 主题党日 and a 支委会 a month,
// a 党课 a quarter, check-ins for every 主题党日, a dues record a month). The issue asks for
// under 30 s. Baseline in the same run: the 90 branches' own year ledgers exported one by one,
// what the upper level had to collect before.
import type { Provider } from '../src/db/provider.js';
import { checkInWindow } from '../src/domain/check-in-window.js';
import type { ActivityKind, CheckInStatus } from '../src/domain/vocabulary.js';
import { buildLedgerWorkbook } from '../src/ledger/build-ledger-workbook.js';
import { exportTreePack } from '../src/ledger/export-tree-pack.js';
import { loadLedger } from '../src/ledger/load-ledger.js';
import { benchDatabase } from './lib/bench-database.js';
import { benchMember } from './lib/bench-members.js';

const BRANCHES = 90;
const MEMBERS = 5000;
const ZONE = 'Asia/Shanghai';
const sh = (local: string) => new Date(`${local}+08:00`);
/** Built on this day: the year 2026 over, its December included. */
const NOW = sh('2027-01-05T09:00');
const CHUNK = 5000;

export interface TreePackResult {
  provider: Provider;
  organisations: number;
  members: number;
  activities: number;
  checkIns: number;
  duesRecords: number;
  sheets: number;
  fileMiB: number;
  baselineMs: number;
  packMs: number;
  peakRssMiB: number;
  /** Resident memory when the pack began (what seeding and the baseline left), and the peak of the JavaScript heap in use while building it. */
  startRssMiB: number;
  peakHeapMiB: number;
  ratio: number;
  isUnder30s: boolean;
}

export async function treePackBenchmark(provider: Provider): Promise<TreePackResult> {
  const database = await benchDatabase(provider);
  try {
    const { db } = database;
    const createdAt = sh('2025-12-01T09:00');
    const root = await db.organization.create({ data: { name: '区直机关工委', kind: 'working_committee', createdAt } });
    const committees: { id: number }[] = [];
    for (let c = 0; c < 4; c++) committees.push(await db.organization.create({ data: { name: `第${c + 1}机关党委`, kind: 'committee', parentId: root.id, createdAt, settings: { termStarted: `202${c}-03-01` } } }));
    const generals: { id: number }[] = [];
    for (let g = 0; g < 5; g++) generals.push(await db.organization.create({ data: { name: `第${g + 1}党总支`, kind: 'general_branch', parentId: committees[g % 4]?.id ?? root.id, createdAt } }));
    const parents = [root, ...committees, ...generals];
    const branches: { id: number }[] = [];
    for (let b = 0; b < BRANCHES; b++) {
      branches.push(await db.organization.create({ data: { name: `第${b + 1}党支部`, kind: 'branch', parentId: parents[b % parents.length]?.id ?? root.id, createdAt, settings: { duesTrackingSince: '2026-01', termStarted: `202${b % 5}-06-01` } } }));
    }
    const perBranch = Math.ceil(MEMBERS / BRANCHES);
    const memberRows = Array.from({ length: MEMBERS }, (_, n) => benchMember(n, branches[Math.floor(n / perBranch)]?.id ?? 0, createdAt, { duesMonthlyFen: 5000 }));
    for (let i = 0; i < memberRows.length; i += CHUNK) await db.member.createMany({ data: memberRows.slice(i, i + CHUNK) });
    const members = await db.member.findMany({ select: { id: true, branchId: true }, orderBy: { id: 'asc' } });

    const activityRows = branches.flatMap((branch, b) => Array.from({ length: 12 }, (_, m) => {
      const month = String(m + 1).padStart(2, '0');
      const at = (day: number, hour: number, kind: ActivityKind) => {
        const startsAt = sh(`2026-${month}-${String(day).padStart(2, '0')}T${hour}:00`);
        const window = checkInWindow(startsAt, ZONE);
        return { branchId: branch.id, kind, title: kind, startsAt, checkInOpensAt: window.opensAt, checkInClosesAt: window.closesAt, lateAfter: window.lateAfter };
      };
      // Every tenth branch goes quiet after September.
      if (b % 10 === 9 && m >= 9) return [];
      return [at(5, 15, 'party_day'), at(12, 16, 'committee_meeting'), ...(m % 3 === 2 ? [at(20, 15, 'party_lecture')] : [])];
    }).flat());
    for (let i = 0; i < activityRows.length; i += CHUNK) await db.activity.createMany({ data: activityRows.slice(i, i + CHUNK) });
    const activities = await db.activity.findMany({ select: { id: true, branchId: true, kind: true, startsAt: true }, orderBy: { id: 'asc' } });
    const byBranch = new Map<number, number[]>();
    for (const m of members) byBranch.set(m.branchId, [...(byBranch.get(m.branchId) ?? []), m.id]);
    const checkIns = activities.filter((a) => a.kind === 'party_day').flatMap((a, w) => (byBranch.get(a.branchId) ?? []).flatMap((memberId, i) => {
      const r = (i * 31 + w * 17) % 100;
      if (r >= 90) return [];
      return [{ activityId: a.id, memberId, status: (r < 85 ? 'present' : 'leave') as CheckInStatus, ...(r < 85 ? { checkedInAt: a.startsAt } : { leaveReason: '出差', leaveDecision: 'approved' as const }) }];
    }));
    for (let i = 0; i < checkIns.length; i += CHUNK) await db.checkIn.createMany({ data: checkIns.slice(i, i + CHUNK) });
    const records = activities.filter((_, i) => i % 2 === 0).map((a) => ({ activityId: a.id, content: '学习讨论。', createdBy: 'bench', createdAt: a.startsAt }));
    for (let i = 0; i < records.length; i += CHUNK) await db.meetingRecord.createMany({ data: records.slice(i, i + CHUNK) });
    const dues = members.flatMap((m, i) => Array.from({ length: 12 }, (_, k) => `2026-${String(k + 1).padStart(2, '0')}`).flatMap((month, k) => {
      if (i % 20 === 3 && k >= 8) return [];
      return [{ memberId: m.id, month, amountDueFen: 5000, amountPaidFen: 5000, status: 'confirmed' as const }];
    }));
    for (let i = 0; i < dues.length; i += CHUNK) await db.duesRecord.createMany({ data: dues.slice(i, i + CHUNK) });

    let started = performance.now();
    for (const branch of branches) await buildLedgerWorkbook(await loadLedger(db, branch.id, { kind: 'year', year: 2026 }, NOW, ZONE));
    const baselineMs = performance.now() - started;

    const startRss = process.memoryUsage().rss;
    let peak = startRss;
    let peakHeap = process.memoryUsage().heapUsed;
    const sample = setInterval(() => {
      const usage = process.memoryUsage();
      peak = Math.max(peak, usage.rss);
      peakHeap = Math.max(peakHeap, usage.heapUsed);
    }, 50);
    started = performance.now();
    const file = await exportTreePack(db, { rootIds: [root.id], year: 2026, now: NOW, defaultZone: ZONE, actor: 'bench', via: 'cli' });
    const packMs = performance.now() - started;
    clearInterval(sample);
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.content as unknown as ArrayBuffer);
    return {
      provider, organisations: 1 + committees.length + generals.length + branches.length, members: MEMBERS, activities: activities.length, checkIns: checkIns.length, duesRecords: dues.length,
      sheets: book.worksheets.length, fileMiB: file.content.length / 2 ** 20, baselineMs, packMs, peakRssMiB: Math.round(peak / 2 ** 20), startRssMiB: Math.round(startRss / 2 ** 20), peakHeapMiB: Math.round(peakHeap / 2 ** 20), ratio: packMs / baselineMs, isUnder30s: packMs < 30_000,
    };
  } finally {
    await database.drop();
  }
}
