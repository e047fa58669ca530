import { providerOfClient, type Db } from './client.js';

/** What became of the bytes of deleted and overwritten rows. */
export interface ReclaimReport {
  provider: 'sqlite' | 'postgresql';
  /** SQLite: the write-ahead log was checkpointed into the file and emptied. */
  isWalEmptied?: boolean;
  /** Tables rewritten (PostgreSQL) or the whole file rebuilt (SQLite: every table). */
  vacuumed: string[];
}

/**
 * Makes the bytes of erased data go away, not only the rows (docs/DEPLOY.md, "Personal data").
 * SQLite (which zeroes freed space as it goes: `secure_delete`, set in client.ts): the WAL is
 * checkpointed into the file, VACUUM rebuilds the file without its free pages, and a second
 * checkpoint in TRUNCATE mode leaves the WAL empty. PostgreSQL: VACUUM FULL rewrites each
 * touched table into new files, so dead row versions do not linger in its pages. Both need
 * the tables to themselves for a moment; another process reading (a running bot on SQLite)
 * can keep the WAL from being emptied, which the report says.
 */
export async function reclaimSpace(db: Db, tables: readonly string[]): Promise<ReclaimReport> {
  if (providerOfClient(db) === 'postgresql') {
    for (const table of tables) {
      if (!/^[A-Za-z]\w*$/.test(table)) throw new Error(`not a table name: ${table}`);
      // VACUUM cannot run in a transaction, nor take a bound parameter for the table.
      await db.$executeRawUnsafe(`VACUUM FULL "${table}"`);
    }
    return { provider: 'postgresql', vacuumed: [...tables] };
  }
  await checkpoint(db);
  await db.$executeRawUnsafe('VACUUM');
  const isWalEmptied = await checkpoint(db);
  return { provider: 'sqlite', isWalEmptied, vacuumed: ['*'] };
}

/** PRAGMA wal_checkpoint(TRUNCATE); true when every frame was copied and the WAL truncated. */
async function checkpoint(db: Db): Promise<boolean> {
  const rows = await db.$queryRawUnsafe<{ busy: number | bigint }[]>('PRAGMA wal_checkpoint(TRUNCATE)');
  return Number(rows[0]?.busy ?? 1) === 0;
}
