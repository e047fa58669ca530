// Prepares migrated template databases once per run: a SQLite file and a PostgreSQL
// database. Each test file copies them (a file copy, CREATE DATABASE … TEMPLATE), so every
// file has its own real database and the migrations run once.
//
// PostgreSQL: TEST_DATABASE_URL names the run's database (.ci/run creates a fresh one);
// without it a database is created on the local server and dropped after the run. Set
// ZHIBU_TEST_POSTGRES=off to run without PostgreSQL on a machine that has none.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { applyMigrations } from '../../src/db/migrations.js';
import { createScratchDatabase } from '../../src/db/scratch-postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    sqliteTemplate: string;
    /** URL of the migrated PostgreSQL template database; empty when PostgreSQL is off. */
    postgresTemplate: string;
  }
}

const LOCAL_POSTGRES = 'postgresql://postgres@127.0.0.1:5432/postgres';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), 'zhibu-test-'));
  const sqliteTemplate = join(dir, 'template.db');
  await applyMigrations(`file:${sqliteTemplate}`);
  project.provide('sqliteTemplate', sqliteTemplate);

  let dropPostgres = async () => {};
  let postgresTemplate = '';
  if (process.env.ZHIBU_TEST_POSTGRES !== 'off') {
    try {
      if (process.env.TEST_DATABASE_URL) {
        postgresTemplate = process.env.TEST_DATABASE_URL;
      } else {
        const scratch = await createScratchDatabase(LOCAL_POSTGRES, 'zhibu_test');
        postgresTemplate = scratch.url;
        dropPostgres = scratch.drop;
      }
      await applyMigrations(postgresTemplate);
    } catch (error) {
      throw new Error(
        `PostgreSQL is needed for the integration tests and could not be used (${error instanceof Error ? error.message : String(error)}).\n` +
        `Start it (pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start), point TEST_DATABASE_URL at a database, or set ZHIBU_TEST_POSTGRES=off.`,
        { cause: error },
      );
    }
  }
  project.provide('postgresTemplate', postgresTemplate);

  return async () => {
    await dropPostgres();
    rmSync(dir, { recursive: true, force: true });
  };
}
