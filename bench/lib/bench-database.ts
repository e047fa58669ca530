import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../src/db/client.js';
import { applyMigrations } from '../../src/db/migrations.js';
import type { Provider } from '../../src/db/provider.js';
import { createScratchDatabase } from '../../src/db/scratch-postgres.js';

export interface BenchDatabase {
  url: string;
  db: Db;
  /** Closes this process's connection (a child process may then take the database). */
  disconnect: () => Promise<void>;
  drop: () => Promise<void>;
}

/** A fresh, migrated database for one benchmark: a temporary SQLite file or a scratch PostgreSQL database. */
export async function benchDatabase(provider: Provider): Promise<BenchDatabase> {
  let url: string;
  let remove: () => Promise<void>;
  if (provider === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'zhibu-bench-'));
    url = `file:${join(dir, 'bench.db')}`;
    remove = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const scratch = await createScratchDatabase(process.env.BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres', 'zhibu_bench');
    url = scratch.url;
    remove = scratch.drop;
  }
  await applyMigrations(url);
  const { db, close } = await openDatabase(url);
  let isClosed = false;
  const disconnect = async () => {
    if (!isClosed) await close();
    isClosed = true;
  };
  return { url, db, disconnect, drop: async () => { await disconnect(); await remove(); } };
}
