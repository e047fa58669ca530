import type { MessageSection, OutgoingMessage } from '../bot/types.js';
import { formatRate } from '../domain/attendance.js';
import { dayOfMonth, daysInMonth, formatMonthZh } from '../domain/calendar/calendar-dates.js';
import { SILENT_BRANCH_DAYS } from '../domain/digest/branch-digest.js';
import { LONG_UNPAID_MONTHS, type ScoreboardRow } from '../domain/digest/tree-scoreboard.js';
import { formatYuan } from '../domain/dues/money.js';
import type { TreeScoreboard } from './load-tree-scoreboard.js';

/** Branches shown in full, the worst first; the rest get one line (or one name) each. */
export const SCOREBOARD_DETAILED = 8;
/** Bars in the chart: the lowest 主题党日 attendance. */
const CHART_BARS = 10;
/** Names of branches with nothing to report, listed before "等 N 个". */
const MAX_FINE_NAMES = 30;

/**
 * The scoreboard as one message that reads on a phone for a hundred branches: the totals
 * first, then the worst few in full, one short line for each other branch with something
 * wrong, the names of those without, and the lowest attendance as a chart.
 */
export function renderTreeScoreboard(s: TreeScoreboard): OutgoingMessage {
  // A month still running says how far it goes, so a half month's gaps read as "so far".
  const asOfNote = s.asOf < dayOfMonth(s.month, daysInMonth(s.month)) ? `，截至${Number(s.asOf.slice(8))}日` : '';
  const title = `${s.rootNames.length === 1 ? `「${s.rootNames[0]}」` : ''}下辖支部月度工作一览（${formatMonthZh(s.month)}${asOfNote}）`;
  if (s.rows.length === 0) return { title, lines: ['下辖没有支部。'] };
  const rows = s.rows;
  const flagged = rows.filter((r) => r.problems.length > 0);
  const detailed = flagged.slice(0, SCOREBOARD_DETAILED);
  const brief = flagged.slice(SCOREBOARD_DETAILED);
  const fine = rows.filter((r) => r.problems.length === 0);
  const sections: MessageSection[] = detailed.map((r) => ({ title: `${r.name}${r.parentName ? `（${r.parentName}）` : ''}`, lines: [`${r.problems.join('，')}。`, measuresLine(r)] }));
  if (brief.length > 0) sections.push({ title: `另有 ${brief.length} 个支部需关注`, lines: brief.map((r) => `${r.name}：${r.problems.join('，')}`) });
  if (fine.length > 0) {
    const names = fine.map((r) => r.name);
    sections.push({ title: `各项正常（${fine.length} 个）`, lines: [names.length > MAX_FINE_NAMES ? `${names.slice(0, MAX_FINE_NAMES).join('、')} 等 ${names.length} 个` : names.join('、')] });
  }
  const rated = rows.filter((r) => r.partyDay.rate !== null).sort((a, b) => (a.partyDay.rate ?? 0) - (b.partyDay.rate ?? 0)).slice(0, CHART_BARS);
  return {
    title,
    lines: summaryLines(s),
    sections,
    ...(rated.length > 0 ? { chart: { title: rows.length > CHART_BARS ? `主题党日出席率最低的 ${rated.length} 个支部` : '各支部主题党日出席率', kind: 'bar', unit: '%', points: rated.map((r) => ({ label: r.name, value: Math.round((r.partyDay.rate ?? 0) * 100) })) } } : {}),
  };
}

function summaryLines(s: TreeScoreboard): string[] {
  const rows = s.rows;
  const sum = (f: (r: ScoreboardRow) => number) => rows.reduce((n, r) => n + f(r), 0);
  const expected = sum((r) => r.partyDay.expected);
  const attended = sum((r) => r.partyDay.attended);
  const flagged = rows.filter((r) => r.problems.length > 0).length;
  return [
    `共 ${rows.length} 个支部，需关注 ${flagged} 个。`,
    `主题党日：${sum((r) => (r.partyDay.held > 0 ? 1 : 0))} 个支部已开展，应到 ${expected} 人，实到 ${attended} 人，出席率 ${expected === 0 ? '—' : formatRate(attended / expected)}`,
    `三会一课：应开 ${sum((r) => r.cadence.owed)} 项，已开 ${sum((r) => r.cadence.done)} 项；缺会议记录 ${sum((r) => r.recordsMissing)} 份`,
    `党费：已缴 ${sum((r) => r.dues.paid)} 人，应缴 ${sum((r) => r.dues.due)} 人，已收 ${formatYuan(sum((r) => r.dues.collectedFen))} 元，核定 ${formatYuan(sum((r) => r.dues.assessedFen))} 元；连续 ${LONG_UNPAID_MONTHS} 个月以上未缴 ${sum((r) => r.longUnpaid)} 人`,
    `预备期将满 ${sum((r) => r.probationEnding)} 人；换届超期 ${rows.filter((r) => r.term === 'overdue').length} 个，半年内届满 ${rows.filter((r) => r.term === 'near').length} 个；${SILENT_BRANCH_DAYS} 天以上无活动 ${rows.filter((r) => r.isSilent).length} 个`,
  ];
}

function measuresLine(r: ScoreboardRow): string {
  const partyDay = r.partyDay.held === 0 ? '主题党日 0 次' : `主题党日 ${r.partyDay.held} 次（出席率 ${r.partyDay.expected === 0 ? '—' : formatRate(r.partyDay.rate)}）`;
  return `${partyDay}｜三会一课 ${r.cadence.done}/${r.cadence.owed}｜党费 ${r.dues.paid}/${r.dues.due} 人`;
}
