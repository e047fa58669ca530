/** The most of what someone typed that an answer repeats. */
export const QUOTE_CHARS = 20;

/**
 * Characters that do not belong in a chat line someone else will read: C0 and C1 controls
 * except tab and newline (a terminal's escapes), zero-width characters and bidi overrides
 * and isolates (text that reads differently from what it is).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u2069\ufeff]/gu;

/**
 * What someone typed, as an answer repeats it ("没有「…」这个命令"): one line, without
 * invisible characters, at most `max` characters, in 「」. The renderers then escape it like
 * all text (src/platforms/plain-text.ts), so the bot never posts what a stranger wrote at
 * length, nor as markup or a link.
 *
 * @example
 * quoteInput('[点我领取补贴](http://evil.example/x)'); // '「[点我领取补贴](http://evil.e…」'
 */
export function quoteInput(text: string, max = QUOTE_CHARS): string {
  const line = text.replace(INVISIBLE, ' ').replace(/\s+/gu, ' ').trim();
  const chars = [...line];
  return `「${chars.length > max ? `${chars.slice(0, max).join('')}…` : line}」`;
}
