import { CommandError } from './command-error.js';
import { quoteInput } from './quote-input.js';

/** The keys `/record` reads before the content, with their Chinese aliases. */
export const RECORD_KEYS = {
  topic: ['议题', '主题'],
  host: ['主持人', '主持'],
  recorder: ['记录人'],
} as const;

export type RecordKey = keyof typeof RECORD_KEYS;

/** `/record 12 topic=… host=@张三 recorder=@李四 <content…>`, read apart. */
export interface RecordLine {
  activity: string | undefined;
  named: Partial<Record<RecordKey, string>>;
  /** Everything after the leading keys, line breaks kept; empty when none was written. */
  content: string;
}

const CLOSING: Record<string, string> = { '"': '"', '“': '”', '「': '」', '『': '』' };
const KEY = /^([\p{L}_][\p{L}\p{N}_]*)[=＝]/u;

/**
 * Reads the text after the command's name. Keys are read only at the start, so content may
 * hold anything, `经费=500元` included; a value with spaces is quoted: topic="学习 党章".
 */
export function readRecordLine(rest: string, usage: string): RecordLine {
  let text = rest.trimStart();
  const first = /^\S+/u.exec(text)?.[0];
  const activity = first === undefined || KEY.test(first) ? undefined : first;
  if (activity !== undefined) text = text.slice(activity.length);
  const named: Partial<Record<RecordKey, string>> = {};
  for (;;) {
    text = text.replace(/^[ \t\u3000]+/u, '');
    const match = KEY.exec(text);
    if (!match?.[1]) break;
    const key = canonicalKey(match[1]);
    if (!key) {
      // Content never starts with a key=value: this is a key the person mistyped.
      throw new CommandError('bad_args', `不认识参数${quoteInput(`${match[1]}=`)}。可用的参数：topic=（议题）、host=（主持人）、recorder=（记录人）\n用法：${usage}`);
    }
    const { value, length } = readValue(text.slice(match[0].length));
    named[key] = value;
    text = text.slice(match[0].length + length);
  }
  return { activity, named, content: text.trim() };
}

function canonicalKey(typed: string): RecordKey | undefined {
  const lowered = typed.toLowerCase();
  for (const [key, aliases] of Object.entries(RECORD_KEYS) as [RecordKey, readonly string[]][]) {
    if (key === lowered || aliases.includes(typed)) return key;
  }
  return undefined;
}

function readValue(text: string): { value: string; length: number } {
  const close = CLOSING[text.charAt(0)];
  if (close) {
    const end = text.indexOf(close, 1);
    if (end > 0) return { value: text.slice(1, end), length: end + 1 };
  }
  const value = /^\S*/u.exec(text)?.[0] ?? '';
  return { value, length: value.length };
}
