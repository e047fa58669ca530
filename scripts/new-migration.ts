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

// One stamp for both providers: the migrations test wants the same folder names.
const now = new Date();
const dir = mkdtempSync(join(tmpdir(), 'zhibu-migration-'));
try {
  const sqliteSql = await pendingSchemaChange(`file:${join(dir, 'scratch.db')}`);
  console.log(sqliteSql ? `sqlite: wrote ${writeMigration('sqlite', name, sqliteSql, now)}` : 'sqlite: migrations already match the schema');
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const scratch = await createScratchDatabase(process.env.MIGRATION_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres');
try {
  const pgSql = await pendingSchemaChange(scratch.url);
  console.log(pgSql ? `postgresql: wrote ${writeMigration('postgresql', name, pgSql, now)}` : 'postgresql: migrations already match the schema');
} finally {
  await scratch.drop();
}
