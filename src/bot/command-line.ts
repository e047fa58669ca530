import type { Mention } from './types.js';

/** A command line split into words, `key=value` pairs and mentions. */
export interface Tokens {
  /** Bare words in order, mentions excluded. */
  words: string[];
  /** `key=value` pairs; keys lower-cased. */
  named: Record<string, string>;
  /** Mentioned people in the order they appear. */
  mentions: Mention[];
  /** Every token in order, for commands that take free text (a leave reason). */
  raw: string[];
}

const OPEN_QUOTES: Record<string, string> = { '"': '"', "'": "'", '“': '”', '‘': '’', '「': '」', '『': '』' };

/**
 * Splits a line into tokens at white space (including the full-width space), keeping quoted
 * parts together: `partyday="first friday 15:00"` is one token.
 */
export function splitLine(line: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let hasToken = false;
  let closing: string | undefined;
  for (const ch of line) {
    if (closing) {
      if (ch === closing) closing = undefined;
      else current += ch;
      continue;
    }
    const close = OPEN_QUOTES[ch];
    if (close) {
      closing = close;
      hasToken = true;
    } else if (/\s/u.test(ch)) {
      if (hasToken) tokens.push(current);
      current = '';
      hasToken = false;
    } else {
      current += ch;
      hasToken = true;
    }
  }
  if (hasToken) tokens.push(current);
  return tokens;
}

/**
 * Reads tokens into words, named values and mentions. `@name` tokens are matched, in
 * order, to the mentions the platform reported; on the console, where nobody reports
 * them, the name itself identifies the person.
 */
export function readTokens(tokens: string[], reported: Mention[]): Tokens {
  const result: Tokens = { words: [], named: {}, mentions: [], raw: tokens };
  const unclaimed = [...reported];
  for (const token of tokens) {
    if (token.startsWith('@') && token.length > 1) {
      const name = token.slice(1);
      const index = unclaimed.findIndex((m) => m.name === name);
      if (index >= 0) {
        result.mentions.push(...unclaimed.splice(index, 1));
        continue;
      }
      if (reported.length === 0) {
        result.mentions.push({ userId: name, name });
        continue;
      }
    }
    const eq = /^([\p{L}_][\p{L}\p{N}_]*)[=＝](.*)$/u.exec(token);
    if (eq?.[1] !== undefined && eq[2] !== undefined) result.named[eq[1].toLowerCase()] = eq[2];
    else result.words.push(token);
  }
  // Mentions the platform reported but the text did not show (a placeholder it dropped).
  result.mentions.push(...unclaimed);
  return result;
}
