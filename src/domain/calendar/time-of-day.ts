import { parseTimeOfDay } from '../dates.js';

export interface TimeOfDay {
  hour: number;
  minute: number;
}

/** "09:00" */
export function formatTime(time: TimeOfDay): string {
  return `${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`;
}

/** Minutes since midnight, for comparing times of day. */
export function minutesOf(time: TimeOfDay): number {
  return time.hour * 60 + time.minute;
}

/** A time of day in H:mm or HH:mm form (also with the full-width colon). */
export function readTime(text: string): TimeOfDay | undefined {
  return parseTimeOfDay(text.trim());
}
