// Writes a migration for each provider whose committed migrations lag behind
// prisma/schema.prisma: `npm run db:migration -- <name>`.
//
// The committed migrations are replayed on scratch databases (a temporary SQLite file, and a
// database created on the PostgreSQL server that MIGRATION_PG_URL names, by default the
// local one), which are then compared with the schema and thrown away.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pendingSchemaChange, writeMigration } from '../src/db/migrations.js';
import { createScratchDatabase } from '../src/db/scratch-postgres.js';

const name = (process.argv[2] ?? '').replace(/[^a-z0-9_]/gi, '_');
if (!name) {
  console.error('usage: npm run db:migration -- <name>   (e.g. add_holiday_years)');
  process.exit(2);
}

// One stamp for both, and an empty migration for a provider the change does not touch (SQLite
// keeps enums as text, so a new enum value is SQL for PostgreSQL only): the folders keep the
// same names on both sides, which the migrations test checks.
const now = new Date();
const EMPTY = '-- This is an empty migration: the change needs no SQL on this provider.\n';

const dir = mkdtempSync(join(tmpdir(), 'zhibu-migration-'));
let sqliteSql: string;
try {
  sqliteSql = await pendingSchemaChange(`file:${join(dir, 'scratch.db')}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const scratch = await createScratchDatabase(process.env.MIGRATION_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres');
let pgSql: string;
try {
  pgSql = await pendingSchemaChange(scratch.url);
} finally {
  await scratch.drop();
}

if (!sqliteSql && !pgSql) {
  console.log('migrations already match the schema');
} else {
  console.log(`sqlite: wrote ${writeMigration('sqlite', name, sqliteSql || EMPTY, now)}`);
  console.log(`postgresql: wrote ${writeMigration('postgresql', name, pgSql || EMPTY, now)}`);
}
