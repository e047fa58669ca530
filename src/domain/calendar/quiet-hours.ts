import { DateTime } from 'luxon';
import { localClock } from '../dates.js';
import { formatTime, minutesOf, readTime, type TimeOfDay } from './time-of-day.js';

/** Hours in which nothing is sent (免打扰); the end may be on the next day (22:00–08:00). */
export interface QuietHours {
  start: TimeOfDay;
  end: TimeOfDay;
}

const OFF_WORDS = new Set(['off', 'none', '无', '关', '关闭', '不设']);

/** "22:00-08:00" (also with "–", "~" or "至"), or "off". Undefined when unreadable or empty. */
export function parseQuietHours(text: string): QuietHours | 'off' | undefined {
  const t = text.trim().toLowerCase();
  if (OFF_WORDS.has(t)) return 'off';
  const [a, b, ...rest] = t.split(/\s*(?:-|–|—|~|～|至|到)\s*/);
  const start = readTime(a ?? '');
  const end = readTime(b ?? '');
  if (!start || !end || rest.length > 0 || minutesOf(start) === minutesOf(end)) return undefined;
  return { start, end };
}

export function formatQuietHours(quiet: QuietHours | null): string {
  return quiet ? `${formatTime(quiet.start)}-${formatTime(quiet.end)}` : 'off';
}

/** Whether `instant` falls in the quiet hours, read on the wall clock of `zone`. */
export function isQuiet(instant: Date, quiet: QuietHours | null, zone: string): boolean {
  if (!quiet) return false;
  const t = localClock(instant, zone);
  const now = t.hour * 60 + t.minute;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  return start < end ? now >= start && now < end : now >= start || now < end;
}

/** `instant`, or the end of the quiet hours it falls in: when a message may go out. */
export function afterQuietHours(instant: Date, quiet: QuietHours | null, zone: string): Date {
  if (!quiet || !isQuiet(instant, quiet, zone)) return instant;
  // Planning asks this for every notification of a slot, with the same instant.
  const key = `${instant.getTime()}|${minutesOf(quiet.start)}-${minutesOf(quiet.end)}|${zone}`;
  const known = quietEnds.get(key);
  if (known) return known;
  if (quietEnds.size > 1000) quietEnds.clear();
  const end = endOfQuiet(instant, quiet, zone);
  quietEnds.set(key, end);
  return end;
}

const quietEnds = new Map<string, Date>();

function endOfQuiet(instant: Date, quiet: QuietHours, zone: string): Date {
  const t = DateTime.fromJSDate(instant, { zone });
  const endToday = t.set({ hour: quiet.end.hour, minute: quiet.end.minute, second: 0, millisecond: 0 });
  return (endToday > t ? endToday : endToday.plus({ days: 1 })).toJSDate();
}
