import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { sqliteFileOf } from './sqlite-file.js';

/**
 * A pid file next to a SQLite database (`zhibu.db.pid`) while a bot serves it. One SQLite
 * file serves one bot: a second would double the reminders (several instances need
 * PostgreSQL), and `zhibu restore` must not overwrite a database in use.
 */
export function pidFileOf(databaseUrl: string): string | undefined {
  const file = sqliteFileOf(databaseUrl);
  return file ? `${file}.pid` : undefined;
}

/** The pid of a live process holding the database, if any (a stale pid file is ignored). */
export function holderOf(databaseUrl: string): number | undefined {
  const pidFile = pidFileOf(databaseUrl);
  if (!pidFile || !existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

/** Takes the database for this process; returns the release function. Throws if another bot holds it. */
export function lockDatabase(databaseUrl: string): () => void {
  const pidFile = pidFileOf(databaseUrl);
  if (!pidFile) return () => {};
  const holder = holderOf(databaseUrl);
  if (holder) throw new Error(`another zhibu (pid ${holder}) is serving ${sqliteFileOf(databaseUrl)}; stop it first, or use PostgreSQL to run several instances`);
  mkdirSync(dirname(pidFile), { recursive: true });
  writeFileSync(pidFile, `${process.pid}\n`);
  return () => {
    if (existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() === String(process.pid)) rmSync(pidFile, { force: true });
  };
}
