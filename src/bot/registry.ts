import { distance } from 'fastest-levenshtein';
import type { Command, CommandInput } from './command.js';
import { readTokens, splitLine } from './command-line.js';
import type { Mention } from './types.js';

export interface Resolved {
  command: Command;
  input: CommandInput;
}

export interface Registry {
  readonly commands: readonly Command[];
  /**
   * The command a line names, if any. Without a slash only bare words (签到) count, unless
   * the line was addressed to the bot (a mention or a private chat).
   */
  resolve(line: string, mentions: Mention[], isAddressed: boolean): Resolved | undefined;
  /**
   * Up to three commands close to what the line starts with, each as the name closest to what
   * was typed (`/角色 撤销` for `/角色 撤消`, `/role grant` for `/role grnt`), among those `isAllowed`.
   */
  suggest(line: string, isAllowed?: (command: Command) => boolean): string[];
}

interface Entry {
  words: string[];
  command: Command;
  isBare: boolean;
}

const SLASH = /^[/／]/;

/** Builds the registry; a name or alias claimed twice is a programming error, caught at start-up. */
export function createRegistry(commands: readonly Command[]): Registry {
  const entries: Entry[] = [];
  const seen = new Map<string, string>();
  for (const command of commands) {
    const forms = [command.name, ...(command.aliases ?? [])].map((f) => ({ form: f, isBare: false }));
    forms.push(...(command.bare ?? []).map((f) => ({ form: f, isBare: true })));
    for (const { form, isBare } of forms) {
      const key = normalize(form);
      const owner = seen.get(key);
      if (owner) throw new Error(`command name "${form}" of "${command.name}" is already used by "${owner}"`);
      seen.set(key, command.name);
      entries.push({ words: key.split(' '), command, isBare });
    }
  }
  const gluedWords = entries.filter((e) => e.isBare && e.command.isBareGlued).map((e) => e.words[0] ?? '');
  // Longest names first, so "member add" wins over a command named "member".
  entries.sort((a, b) => b.words.length - a.words.length);

  return {
    commands,
    resolve(line, mentions, isAddressed) {
      const trimmed = line.trim();
      const hasSlash = SLASH.test(trimmed);
      const body = unglue(trimmed.replace(SLASH, ''), gluedWords);
      const tokens = splitLine(body);
      const lowered = tokens.map((t) => t.toLowerCase());
      const entry = entries.find((e) => (e.isBare || hasSlash || isAddressed) && e.words.every((w, i) => lowered[i] === w));
      if (!entry) return undefined;
      const args = readTokens(tokens.slice(entry.words.length), mentions);
      return {
        command: entry.command,
        input: { words: args.words, named: args.named, mentions: args.mentions, rest: stripWords(body, entry.words.length) },
      };
    },
    suggest(line, isAllowed = () => true) {
      const tokens = splitLine(line.trim().replace(SLASH, '')).map((t) => t.toLowerCase());
      if (tokens.length === 0) return [];
      const scored = entries.filter((e) => !e.command.isHidden && isAllowed(e.command)).map((e) => {
        const typed = tokens.slice(0, e.words.length).join(' ');
        const target = e.words.join(' ');
        return { command: e.command, form: e.isBare ? target : `/${target}`, score: distance(typed, target) / Math.max(target.length, 1), d: distance(typed, target) };
      });
      const close = scored.filter((s) => s.d <= 2 && s.score <= 0.5).sort((a, b) => a.score - b.score);
      const forms = new Map<Command, string>();
      for (const s of close) if (!forms.has(s.command)) forms.set(s.command, s.form);
      return [...forms.values()].slice(0, 3);
    },
  };
}

/** "请假：出差" and "请假出差" read as "请假 出差" for commands that take glued text. */
function unglue(body: string, gluedWords: string[]): string {
  for (const word of gluedWords) {
    if (body.startsWith(word) && body.length > word.length && !/\s/u.test(body.charAt(word.length))) {
      return `${word} ${body.slice(word.length).replace(/^[:：,，、]+/u, '')}`;
    }
  }
  return body;
}

function normalize(form: string): string {
  return form.trim().toLowerCase().split(/\s+/u).join(' ');
}

/** `body` without its first `count` words. */
function stripWords(body: string, count: number): string {
  let rest = body.trimStart();
  for (let i = 0; i < count; i++) rest = rest.replace(/^\S+\s*/u, '');
  return rest.trim();
}
