import { readFileSync } from 'node:fs';
import { displayWidth } from './text-width.js';

/** Help text fits a terminal of this many columns. */
export const HELP_COLUMNS = 100;

/** `text` broken at spaces into lines of at most `width` columns (Chinese takes two), each starting with `indent`. */
export function wrapText(text: string, indent = '', width = HELP_COLUMNS): string[] {
  return text.split('\n').flatMap((paragraph) => {
    const lines: string[] = [];
    let line = '';
    for (const word of paragraph.split(' ')) {
      if (line && displayWidth(indent + line) + 1 + displayWidth(word) > width) {
        lines.push(indent + line);
        line = word;
      } else {
        line = line ? `${line} ${word}` : word;
      }
    }
    return [...lines, indent + line];
  });
}

/** The version in package.json (one directory above src/ and dist/ alike). */
export function packageVersion(): string {
  const manifest: unknown = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const version = typeof manifest === 'object' && manifest !== null ? (manifest as { version?: unknown }).version : undefined;
  return typeof version === 'string' ? version : 'unknown';
}

/** What an operator is told when a file they named cannot be read. */
export function fileProblem(path: string, error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return `there is no file ${path} (looked in ${process.cwd()})`;
  if (code === 'EISDIR') return `${path} is a folder, not a file`;
  if (code === 'EACCES' || code === 'EPERM') return `${path} cannot be read by this user (permission denied)`;
  return `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`;
}
