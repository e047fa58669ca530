import { ACTIVITY_KINDS } from '../activity-kinds.js';
import type { IsoDate } from '../dates.js';
import type { ActivityKind } from '../vocabulary.js';
import { addMonths, dayOfMonth, daysInMonth, monthOf, yearOf } from './calendar-dates.js';

export const CADENCES = ['month', 'quarter', 'year', 'off'] as const;

/** How often a regular meeting (三会一课 and the yearly ones) is due. */
export type Cadence = (typeof CADENCES)[number];

export const CADENCE_KINDS = ['committee_meeting', 'group_meeting', 'branch_assembly', 'party_lecture', 'org_life_meeting', 'democratic_appraisal'] as const;

export type CadenceKind = (typeof CADENCE_KINDS)[number];

/**
 * 《中国共产党支部工作条例（试行）》: committee and group meetings monthly, the assembly
 * quarterly, lectures "按期" (quarterly by local practice); 组织生活会 and 民主评议 yearly.
 */
export const DEFAULT_CADENCE: Readonly<Record<CadenceKind, Cadence>> = {
  committee_meeting: 'month',
  group_meeting: 'month',
  branch_assembly: 'quarter',
  party_lecture: 'quarter',
  org_life_meeting: 'year',
  democratic_appraisal: 'year',
};

const CADENCE_ZH: Record<Cadence, string> = { month: '每月', quarter: '每季度', year: '每年', off: '不提示' };

export function describeCadence(cadence: Cadence): string {
  return CADENCE_ZH[cadence];
}

/** The period of `cadence` that holds `date`, with its first and last day and its Chinese name. */
export function periodOf(date: IsoDate, cadence: Exclude<Cadence, 'off'>): { first: IsoDate; last: IsoDate; nameZh: string } {
  const year = yearOf(date);
  const month = monthOf(date);
  if (cadence === 'month') return { first: `${month}-01`, last: dayOfMonth(month, daysInMonth(month)), nameZh: `${Number(month.slice(5))}月` };
  if (cadence === 'year') return { first: `${year}-01-01`, last: `${year}-12-31`, nameZh: `${year}年` };
  const quarter = Math.floor((Number(month.slice(5)) - 1) / 3);
  const firstMonth = `${year}-${String(quarter * 3 + 1).padStart(2, '0')}`;
  const lastMonth = addMonths(firstMonth, 2);
  return { first: `${firstMonth}-01`, last: dayOfMonth(lastMonth, daysInMonth(lastMonth)), nameZh: `第${'一二三四'[quarter]}季度` };
}

export interface CadenceGap {
  /** "12月", "第四季度", "2026年" */
  periodZh: string;
  kinds: CadenceKind[];
}

/**
 * The regular meetings not yet held or scheduled in their current period on `today`, grouped
 * by period: items for the secretary's digest. `activities` are the branch's scheduled
 * activities with their local dates.
 */
export function cadenceGaps(today: IsoDate, cadence: Readonly<Record<CadenceKind, Cadence>>, activities: readonly { kind: ActivityKind; date: IsoDate }[]): CadenceGap[] {
  const gaps = new Map<string, CadenceKind[]>();
  for (const kind of CADENCE_KINDS) {
    const every = cadence[kind];
    if (every === 'off') continue;
    const period = periodOf(today, every);
    const isCovered = activities.some((a) => a.kind === kind && a.date >= period.first && a.date <= period.last);
    if (!isCovered) gaps.set(period.nameZh, [...(gaps.get(period.nameZh) ?? []), kind]);
  }
  return [...gaps].map(([periodZh, kinds]) => ({ periodZh, kinds }));
}

/** "12月尚未安排：支委会、党小组会" */
export function describeCadenceGap(gap: CadenceGap): string {
  return `${gap.periodZh}尚未安排：${gap.kinds.map((k) => ACTIVITY_KINDS[k].nameZh).join('、')}`;
}
