/**
 * Money is counted in fen (分, integer hundredths of a yuan) so that sums are exact.
 */

import { chineseNumeralsToDigits } from './chinese-numerals.js';

/**
 * Fen in `text` written in yuan: "75", "75.5", "75.00", "￥75", "75元", "七十五", "七十五元".
 * Undefined if it is not a plain amount.
 */
export function parseYuan(text: string): number | undefined {
  const trimmed = text.trim();
  const chinese = /^(.+?)元?$/u.exec(trimmed)?.[1];
  const written = (chinese !== undefined ? chineseNumeralsToDigits(chinese) : undefined) ?? trimmed;
  const match = /^[¥￥]?\s*(-?)(\d{1,9})(?:\.(\d{1,2}))?\s*元?$/u.exec(written);
  if (!match) return undefined;
  const fen = Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0'));
  return match[1] ? -fen : fen;
}

/** "75.00" */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** `total` fen split over `parts` months as evenly as fen allow, the extra fen going to the first months. */
export function splitFen(total: number, parts: number): number[] {
  const base = Math.floor(total / parts);
  const extra = total - base * parts;
  return Array.from({ length: parts }, (_, i) => base + (i < extra ? 1 : 0));
}
