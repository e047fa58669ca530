import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Lines kept between runs, as a shell keeps its history. */
export const HISTORY_SIZE = 500;

/** The saved lines, newest first (as readline wants them); none when the file is missing or unreadable. */
export function loadHistory(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean).reverse().slice(0, HISTORY_SIZE);
  } catch {
    return [];
  }
}

/** Writes readline's history (newest first) oldest first; a history that cannot be written is not worth stopping for. */
export function saveHistory(file: string, newestFirst: readonly string[]): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${[...newestFirst].reverse().join('\n')}\n`, { mode: 0o600 });
  } catch {
    // The console works the same without it.
  }
}
