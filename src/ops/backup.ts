import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { holderOf } from '../db/instance-lock.js';
import { sqliteFileOf } from '../db/sqlite-file.js';

export class OpsError extends Error {
  override name = 'OpsError';
}

/**
 * A consistent copy of the SQLite database while the bot runs, through SQLite's online backup.
 * A write by another connection between two steps restarts the copy, so after the first small
 * step the rest goes in one: a read transaction, which in WAL mode blocks no writer.
 * `onProgress` gets the share done.
 */
export async function backupSqlite(databaseUrl: string, target: string, onProgress?: (done: number) => void): Promise<{ pages: number }> {
  const source = sqliteFileOf(databaseUrl);
  if (!source) throw new OpsError('zhibu backup copies a SQLite database; for PostgreSQL use pg_dump (docs/DEPLOY.md).');
  if (!existsSync(source)) throw new OpsError(`there is no database at ${source}.`);
  if (existsSync(target)) throw new OpsError(`${target} exists already; choose a new file name.`);
  mkdirSync(dirname(target), { recursive: true });
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    const result = await db.backup(target, {
      progress: ({ totalPages, remainingPages }) => {
        onProgress?.(totalPages === 0 ? 1 : 1 - remainingPages / totalPages);
        return Math.max(totalPages, 1);
      },
    });
    onProgress?.(1);
    return { pages: result.totalPages };
  } finally {
    db.close();
  }
}

/**
 * Replaces the SQLite database with a backup, with the bot stopped. The backup is checked
 * first (integrity, and that it is a zhibu database); the old file is kept beside it as
 * `<file>.before-restore`. Pending migrations are applied at the next start.
 */
export function restoreSqlite(databaseUrl: string, backup: string): { keptAs: string } {
  const target = sqliteFileOf(databaseUrl);
  if (!target) throw new OpsError('zhibu restore restores a SQLite database; for PostgreSQL use pg_restore or psql (docs/DEPLOY.md).');
  if (!existsSync(backup)) throw new OpsError(`there is no backup at ${backup}.`);
  const holder = holderOf(databaseUrl);
  if (holder) throw new OpsError(`zhibu (pid ${holder}) is running on ${target}; stop it first (systemctl stop zhibu).`);
  checkBackup(backup);
  mkdirSync(dirname(target), { recursive: true });
  const keptAs = `${target}.before-restore`;
  const staging = `${target}.restoring`;
  copyFileSync(backup, staging);
  if (existsSync(target)) {
    // After a crash (kill -9, a power cut) everything since the last checkpoint lives in the
    // -wal file: fold it into the database before the file is kept aside, or the kept copy
    // would be missing it.
    checkpoint(target);
    renameSync(target, keptAs);
  }
  // A WAL or shared-memory file of the old database must not be replayed onto the restored one.
  for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
  renameSync(staging, target);
  return { keptAs };
}

/** Writes the -wal file of a database no process holds into the database file itself. */
function checkpoint(file: string): void {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

function checkBackup(file: string): void {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new OpsError(`${file} is damaged (integrity check: ${String(integrity)}).`);
    const hasMigrations = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
    if (!hasMigrations) throw new OpsError(`${file} is not a zhibu database.`);
  } catch (error) {
    if (error instanceof OpsError) throw error;
    throw new OpsError(`${file} cannot be read as a SQLite database (${error instanceof Error ? error.message : String(error)}).`);
  } finally {
    db?.close();
  }
}
