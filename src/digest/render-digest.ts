import type { MessageSection, OutgoingMessage } from '../bot/types.js';
import { ACTIVITY_KINDS } from '../domain/activity-kinds.js';
import { formatRate, formatTurnout } from '../domain/attendance.js';
import { formatMonthZh, formatShortDateZh } from '../domain/calendar/calendar-dates.js';
import { describeYears } from '../domain/calendar/political-birthday.js';
import { formatDateTimeZh, formatDateZh, inBrackets } from '../domain/dates.js';
import { DIGEST_SILENT_MONTHS, type BranchDigest, type DigestActivity } from '../domain/digest/branch-digest.js';

/** Lists longer than this are cut to their first names and a count. */
const MAX_NAMES = 30;

const CADENCE_STATE_ZH = { held: '已召开', planned: '已安排', missing: '尚未安排' } as const;

/**
 * A branch digest as a message: one summary line, who to follow up first (the table), then
 * a section per subject, and the attendance trend as a chart. Sections with nothing to say
 * are left out, except the activities, dues and 三会一课.
 */
export function renderBranchDigest(d: BranchDigest, title: string): OutgoingMessage {
  const sections: MessageSection[] = [
    { title: '下次活动', lines: [d.nextActivity ? describeActivity(d.nextActivity, d) : '暂无安排。'] },
    { title: '上次活动', lines: lastActivityLines(d) },
    { title: `党费（${Number(d.month.slice(5))}月）`, lines: duesLines(d) },
  ];
  if (d.birthdays.length > 0) {
    sections.push({ title: '本月政治生日', lines: [d.birthdays.map((b) => `${formatShortDateZh(b.date)} ${b.name}（${describeYears(b.years)}）`).join('、')] });
  }
  if (d.probation.length > 0) {
    sections.push({
      title: '预备期将满',
      lines: d.probation.map((p) => `${p.name}：${formatDateZh(p.endsOn)}${p.daysLeft > 0 ? `期满（还有 ${p.daysLeft} 天）` : p.daysLeft === 0 ? '期满（今天）' : `已期满 ${-p.daysLeft} 天，请提交支部党员大会讨论`}`),
    });
  }
  if (d.term) {
    sections.push({
      title: '换届',
      lines: [d.term.daysLeft >= 0 ? `本届支部委员会任期于${formatDateZh(d.term.endsOn)}届满（还有 ${d.term.daysLeft} 天），请做好换届准备。` : `本届支部委员会任期已于${formatDateZh(d.term.endsOn)}届满，请尽快换届。`],
    });
  }
  if (d.cadence.length > 0) {
    sections.push({
      title: '三会一课',
      lines: d.cadence.map((c) => `${ACTIVITY_KINDS[c.kind].nameZh}（${c.periodZh}）：${CADENCE_STATE_ZH[c.state]}${c.date ? inBrackets(formatShortDateZh(c.date)) : ''}`),
    });
  }
  if (d.silentMembers.length > 0) {
    sections.push({
      title: `连续 ${DIGEST_SILENT_MONTHS} 个月以上未参加活动`,
      lines: d.silentMembers.map((s) => `${s.name}：${s.months} 个月${s.isAtLeast ? '以上' : ''}${s.lastAttended ? `（最近一次：${formatDateZh(s.lastAttended)}）` : ''}`),
    });
  }
  if (d.missingRecords.length > 0) {
    sections.push({
      title: `会议记录未填写（${d.missingRecords.length}）`,
      lines: [
        ...d.missingRecords.map((a) => `${describeActivity(a, d)}，记录人：${a.recorderName ?? '未指定（由书记填写）'}`),
        '填写：/record 活动编号，换行后写会议内容。',
      ],
    });
  }
  for (const year of d.missingHolidayYears) {
    sections.push({ title: '节假日', lines: [`注意：${year}年的节假日安排尚未导入，该年的固定党日、党费日暂按周一至周五为工作日安排，遇法定节假日和调休尚未调整。请管理员导入（zhibu holidays import）。`] });
  }
  return {
    title,
    lines: [summaryLine(d)],
    ...(d.followUps.length > 0 ? { table: { headers: ['优先跟进', '情况'], rows: d.followUps.map((f) => [f.name, f.reasons.join('，')]) } } : {}),
    sections,
    ...(d.trend.length > 0 ? { chart: { title: `近 ${d.trend.length} 次活动出席率`, kind: 'line', unit: '%', points: d.trend.flatMap((t) => (t.rate === null ? [] : [{ label: t.label, value: Math.round(t.rate * 100) }])) } } : {}),
  };
}

function summaryLine(d: BranchDigest): string {
  const parts = [
    `出席率 ${d.lastActivity ? formatRate(d.lastActivity.attendance.rate) : '—'}`,
    `本月党费未缴 ${d.dues.unpaid.length} 人`,
    `欠缴 ${d.dues.arrears.length} 人`,
    `待办 ${d.overdueCount} 项`,
  ];
  return `${formatShortDateZh(d.today)}：${parts.join('｜')}`;
}

function describeActivity(a: DigestActivity, d: Pick<BranchDigest, 'zone' | 'now'>): string {
  const kind = ACTIVITY_KINDS[a.kind].nameZh;
  return `${formatDateTimeZh(a.startsAt, d.zone, d.now)} ${kind}${a.title === kind || a.title.endsWith(kind) ? '' : `：${a.title}`}（#${a.id}）`;
}

function lastActivityLines(d: BranchDigest): string[] {
  const last = d.lastActivity;
  if (!last) return ['一年内没有活动。'];
  const a = last.attendance;
  const group = (label: string, people: string[]) => (people.length > 0 ? [`${label}（${people.length}）：${names(people)}`] : []);
  return [
    `${describeActivity(last, d)}：${formatTurnout(a)}`,
    ...group('缺席', a.absent),
    ...group('尚未签到', a.notYet),
    ...group('迟到', a.late),
    ...group('请假', a.excused),
    ...group('请假待批', a.leavePending),
    ...group('出席', a.present),
    ...group('免于督促未到', a.absentExempt),
  ];
}

function duesLines(d: BranchDigest): string[] {
  const { paid, pending, unpaid, arrears } = d.dues;
  return [
    `已缴 ${paid.length} 人，待确认 ${pending.length} 人，未缴 ${unpaid.length} 人`,
    ...(pending.length > 0 ? [`待确认：${names(pending)}`] : []),
    ...(unpaid.length > 0 ? [`未缴：${names(unpaid)}`] : []),
    ...(arrears.length > 0 ? [`欠缴 1 个月以上：${names(arrears.map((x) => `${x.name} ${x.months} 个月（${formatMonthZh(x.since)}起）`))}`] : []),
  ];
}

function names(list: readonly string[]): string {
  return list.length > MAX_NAMES ? `${list.slice(0, MAX_NAMES).join('、')} 等 ${list.length} 人` : list.join('、');
}
