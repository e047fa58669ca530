import type { OutgoingMessage } from '../../bot/types.js';
import { chartTextLines } from '../chart-text.js';
import { escapeMessage, plainText } from '../plain-text.js';
import { displayWidth } from '../../text-width.js';

export { displayWidth };

/**
 * Plain-text rendering of a message, for the console and for platforms' text fallbacks; what
 * people wrote loses control characters (a terminal's escapes) and links (plain-text.ts).
 */
export function renderText(original: OutgoingMessage): string {
  const message = escapeMessage(original, 'plain');
  const parts: string[] = [];
  if (message.title) parts.push(`【${message.title}】`);
  parts.push(...message.lines);
  if (message.table) parts.push(...renderTable(message.table.headers, message.table.rows));
  for (const section of message.sections ?? []) parts.push(`▍${section.title}`, ...section.lines);
  if (message.chart) parts.push(...chartTextLines(message.chart));
  const buttons = message.buttons?.map((b) => `[${plainText(b.label, 'plain')}]${b.url ? ` ${b.url}` : ''}`) ?? [];
  if (buttons.length > 0) parts.push(buttons.join(' '));
  return parts.join('\n');
}

function renderTable(headers: string[], rows: string[][]): string[] {
  const widths = headers.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const line = (cells: string[]) => cells.map((c, i) => c + ' '.repeat((widths[i] ?? 0) - displayWidth(c))).join('  ').trimEnd();
  return [line(headers), ...rows.map(line)];
}

