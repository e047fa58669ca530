import type { Db } from '../db/client.js';
import { monthOf, type YearMonth } from '../domain/calendar/calendar-dates.js';
import { localDate } from '../domain/dates.js';
import { treeScoreboard, type ScoreboardRow } from '../domain/digest/tree-scoreboard.js';
import { readStoredSettings } from '../domain/branch-settings.js';
import { ORGANIZATION_KIND_ZH } from '../domain/organization-kinds.js';
import { termRow, type TermRow } from '../domain/organization-terms.js';
import { asOfIn, branchInputFor, loadBranchRecords, treeBelow, type TreeOrg } from '../digest/load-tree-scoreboard.js';
import { loadLedger, type LedgerData } from './load-ledger.js';

/** One branch of the pack: its place in the tree, its months on the scoreboard and its year's ledgers. */
export interface PackBranch {
  /** "001": the branch's number in the pack, in tree order; its sheets start with it. */
  code: string;
  name: string;
  /** The organisations above it, the top first: "区直机关工委 › 财政局机关党委". */
  path: string;
  /** One scoreboard row per month of the year so far (January first). */
  months: ScoreboardRow[];
  ledger: LedgerData;
}

export interface TreePack {
  year: number;
  /** The year's months the pack covers: all twelve, or those up to now. */
  months: YearMonth[];
  rootNames: string[];
  branches: PackBranch[];
  /** Every organisation's term (党委 and 总支 too), in tree order. */
  terms: (TermRow & { kindZh: string; path: string })[];
  generatedAt: Date;
}

/** Told after each branch is read: for the CLI's progress lines. */
export type PackProgress = (done: number, total: number, name: string) => void;

/**
 * Reads the year-end pack of the organisations under `rootIds`: each branch's records of the
 * year read once and cut into months for the scoreboard measures, and its year's ledgers.
 */
export async function loadTreePack(db: Db, rootIds: readonly number[] | 'all', year: number, now: Date, defaultZone: string, onProgress?: PackProgress): Promise<TreePack> {
  const { walked, rootNames } = await treeBelow(db, rootIds);
  const ordered = depthFirst(walked);
  const current = monthOf(localDate(now, defaultZone));
  const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`).filter((m) => m <= current);
  const branches = ordered.filter((o) => o.org.kind === 'branch');
  const packed: PackBranch[] = [];
  for (const [i, { org, path }] of branches.entries()) {
    const last = months[months.length - 1] ?? `${year}-01`;
    const records = await loadBranchRecords(db, org, path[path.length - 1] ?? null, defaultZone, `${year}-01`, last, now);
    const rows = months.map((month) => {
      const [row] = treeScoreboard({ month, asOf: asOfIn(month, now, records.settings.timezone), branches: [branchInputFor(records, month, now)] });
      if (!row) throw new Error(`no scoreboard row for ${org.name} in ${month}`);
      return row;
    });
    const ledger = await loadLedger(db, org.id, { kind: 'year', year }, now, defaultZone);
    packed.push({ code: String(i + 1).padStart(3, '0'), name: org.name, path: path.join(' › '), months: rows, ledger });
    onProgress?.(i + 1, branches.length, org.name);
  }
  const today = localDate(now, defaultZone);
  const terms = ordered.map(({ org, path }) => {
    const stored = readStoredSettings(org.settings);
    const row = termRow({ name: org.name, kind: org.kind, parentName: path[path.length - 1] ?? null, startedOn: stored.termStarted ?? null, years: stored.termYears ?? null }, today, year);
    return { ...row, kindZh: ORGANIZATION_KIND_ZH[org.kind], path: path.join(' › ') };
  });
  return { year, months, rootNames, branches: packed, terms, generatedAt: now };
}

/**
 * The organisations in depth-first order, each parent's children by name, with the names of
 * the organisations above each: a branch sits next to its siblings, as an inspector looks.
 */
function depthFirst(orgs: readonly TreeOrg[]): { org: TreeOrg; path: string[] }[] {
  const ids = new Set(orgs.map((o) => o.id));
  const children = new Map<number | null, TreeOrg[]>();
  for (const org of orgs) {
    const parent = org.parentId !== null && ids.has(org.parentId) ? org.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), org]);
  }
  const out: { org: TreeOrg; path: string[] }[] = [];
  const visit = (parent: number | null, path: string[]) => {
    for (const org of [...(children.get(parent) ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'zh'))) {
      out.push({ org, path });
      visit(org.id, [...path, org.name]);
    }
  };
  visit(null, []);
  return out;
}
