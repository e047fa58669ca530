import { ACTIVITY_KINDS } from '../activity-kinds.js';
import { cadenceGaps, describeCadenceGap, type Cadence, type CadenceKind } from '../calendar/meeting-cadence.js';
import { formatDateTimeZh, localDate, type IsoDate } from '../dates.js';
import type { ActivityKind } from '../vocabulary.js';

export interface DigestInput {
  today: IsoDate;
  zone: string;
  /** Scheduled activities of the coming week. */
  upcoming: readonly { kind: ActivityKind; title: string; startsAt: Date }[];
  /** Scheduled activities of the year, for the 三会一课 cadence. */
  yearActivities: readonly { kind: ActivityKind; startsAt: Date }[];
  cadence: Readonly<Record<CadenceKind, Cadence>>;
  /** Years the branch's fixed days fall in that the holiday calendar does not cover. */
  missingHolidayYears: readonly number[];
}

/** The secretary's weekly digest: the coming week, the regular meetings still to arrange, and what the calendar cannot check. */
export function digestLines(input: DigestInput): string[] {
  const lines: string[] = [];
  if (input.upcoming.length === 0) lines.push('未来一周没有安排活动。');
  else lines.push('未来一周的活动：', ...input.upcoming.map((a) => `· ${formatDateTimeZh(a.startsAt, input.zone)} ${ACTIVITY_KINDS[a.kind].nameZh}${a.title.endsWith(ACTIVITY_KINDS[a.kind].nameZh) ? '' : `：${a.title}`}`));
  const activities = input.yearActivities.map((a) => ({ kind: a.kind, date: localDate(a.startsAt, input.zone) }));
  const gaps = cadenceGaps(input.today, input.cadence, activities);
  lines.push(...(gaps.length === 0 ? ['三会一课：本期都已安排。'] : ['三会一课：', ...gaps.map((g) => `· ${describeCadenceGap(g)}`)]));
  for (const year of input.missingHolidayYears) {
    lines.push(`注意：${year}年的节假日安排尚未导入，该年的固定党日、党费日按原规则安排，未按节假日调整。请管理员导入（zhibu holidays import）。`);
  }
  return lines;
}
