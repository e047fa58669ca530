import { systemClock } from '../clock.js';

import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MigrationList } from '@prisma/schema-engine-wasm/schema_engine_bg';
import { appliedMigrationNames } from './applied-migrations.js';
import { providerOf, type Provider } from './provider.js';
import { migrationsDir, schemaFor } from './schema-source.js';

/** The committed migrations of one provider, in the shape the schema engine reads. */
export function migrationList(provider: Provider): MigrationList {
  const baseDir = migrationsDir(provider);
  const names = existsSync(baseDir)
    ? readdirSync(baseDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()
    : [];
  const lockPath = join(baseDir, 'migration_lock.toml');
  return {
    baseDir,
    shadowDbInitScript: '',
    lockfile: { path: 'migration_lock.toml', content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : `provider = "${provider}"\n` },
    migrationDirectories: names.map((name) => ({
      path: name,
      migrationFile: {
        path: 'migration.sql',
        content: { tag: 'ok', value: readFileSync(join(baseDir, name, 'migration.sql'), 'utf8') },
      },
    })),
  };
}

/**
 * Brings the database at `databaseUrl` up to the committed migrations, loading the schema
 * engine only when something is pending. Returns the names applied.
 */
export async function migrateDatabase(databaseUrl: string): Promise<string[]> {
  const committed = migrationList(providerOf(databaseUrl)).migrationDirectories.map((d) => d.path);
  const applied = new Set(await appliedMigrationNames(databaseUrl));
  if (committed.every((name) => applied.has(name))) return [];
  return applyMigrations(databaseUrl);
}

/**
 * Applies the pending committed migrations to the database at `databaseUrl`, recording them
 * in `_prisma_migrations` as `prisma migrate deploy` does. Returns the names applied.
 */
export async function applyMigrations(databaseUrl: string): Promise<string[]> {
  const provider = providerOf(databaseUrl);
  if (provider === 'sqlite') ensureSqliteDirectory(databaseUrl);
  // The schema engine (WebAssembly, ~10 MiB) loads only when there is something to apply.
  const { noFilter, openSchemaEngine } = await import('./schema-engine.js');
  const { engine, close } = await openSchemaEngine(databaseUrl, schemaFor(provider));
  try {
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList: migrationList(provider), filters: noFilter });
    return appliedMigrationNames;
  } finally {
    await close();
  }
}

/**
 * The SQL that would bring a database built from the committed migrations of its provider
 * up to the schema; empty when they match. `scratchUrl` names an empty database (a temporary
 * SQLite file, or a scratch PostgreSQL database) on which the migrations are replayed and
 * which is then compared with the schema.
 */
export async function pendingSchemaChange(scratchUrl: string): Promise<string> {
  await applyMigrations(scratchUrl);
  const schema = schemaFor(providerOf(scratchUrl));
  const { noFilter, openSchemaEngine } = await import('./schema-engine.js');
  const files = [{ path: 'schema.prisma', content: schema }];
  const { engine, close } = await openSchemaEngine(scratchUrl, schema);
  try {
    const result = await engine.diff({
      from: { tag: 'schemaDatasource', files, configDir: '.' },
      to: { tag: 'schemaDatamodel', files },
      script: true,
      exitCode: true,
      filters: noFilter,
    });
    return result.exitCode === 0 ? '' : (result.stdout ?? '');
  } finally {
    await close();
  }
}

/** Writes prisma/migrations/<provider>/<stamp>_<name>/migration.sql with the given SQL. */
export function writeMigration(provider: Provider, name: string, sql: string, now = systemClock()): string {
  const baseDir = migrationsDir(provider);
  const stamp = now.toISOString().replace(/\D/g, '').slice(0, 14);
  const dir = join(baseDir, `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'migration.sql'), sql);
  const lockPath = join(baseDir, 'migration_lock.toml');
  if (!existsSync(lockPath)) {
    writeFileSync(lockPath, `# Written by scripts/new-migration.ts; keep it in git.\nprovider = "${provider}"\n`);
  }
  return dir;
}

function ensureSqliteDirectory(databaseUrl: string): void {
  const path = databaseUrl.replace(/^file:/, '').split('?')[0] ?? '';
  if (!path || path === ':memory:') return;
  const slash = path.lastIndexOf('/');
  if (slash > 0) mkdirSync(path.slice(0, slash), { recursive: true });
}
