import Nzh from 'nzh';

/** Numerals in small writing (七十五, 二百二十五, 七十五点五); 两 reads as 二. */
const NUMERALS = /^[零〇一二两三四五六七八九十百千万]+(?:点[零〇一二三四五六七八九]+)?$/u;
/** 三百五, 一万二: spoken short forms whose value depends on who says them (350 or 305). */
const SHORTENED = /[百千万][一二三四五六七八九]$/u;

/**
 * The amount written in Chinese numerals as digits ("七十五" -> "75", "七十五点五" ->
 * "75.5"); undefined for anything else, including the ambiguous short forms, so the caller
 * refuses rather than guesses.
 */
export function chineseNumeralsToDigits(text: string): string | undefined {
  const written = text.replace(/两/gu, '二');
  if (!NUMERALS.test(written) || SHORTENED.test(written.split('点')[0] ?? '')) return undefined;
  // Typed as a string, but nzh returns a number for plain numerals.
  const digits = String(Nzh.cn.decodeS(written));
  // nzh answers 0 for what it cannot read; only 零 itself is zero.
  if (!/^\d+(?:\.\d+)?$/u.test(digits) || (Number(digits) === 0 && !/^[零〇]+$/u.test(written.split('点')[0] ?? ''))) return undefined;
  return digits;
}
