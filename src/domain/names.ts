/**
 * A person's name as zhibu stores and compares it: NFKC (full-width letters and digits, the
 * ideographic space and compatibility forms folded), with zero-width characters, soft
 * hyphens, direction marks and all white space removed. "张\u200b三" and "张 三" are 张三.
 */
export function normalizeName(text: string): string {
  return text.normalize('NFKC').replace(/[\s\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/gu, '');
}

/** Whether two names are the same once normalized. */
export function isSameName(a: string, b: string): boolean {
  return normalizeName(a) === normalizeName(b);
}
