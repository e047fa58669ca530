import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { applyMigrations, migrateDatabase, migrationList, pendingSchemaChange } from '../../src/db/migrations.js';
import { createScratchDatabase } from '../../src/db/scratch-postgres.js';
import { schemaFor } from '../../src/db/schema-source.js';

describe('migrations', () => {
  it('both providers have committed migrations with the same names', () => {
    const names = (p: 'sqlite' | 'postgresql') => migrationList(p).migrationDirectories.map((d) => d.path);
    expect(names('sqlite').length).toBeGreaterThan(0);
    expect(names('postgresql')).toEqual(names('sqlite'));
  });

  it('the SQLite migrations build exactly the schema (run `npm run db:migration -- <name>` after changing it)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zhibu-drift-'));
    try {
      expect(await pendingSchemaChange(`file:${join(dir, 'drift.db')}`)).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.runIf(inject('postgresTemplate'))('the PostgreSQL migrations build exactly the schema', async () => {
    const admin = new URL(inject('postgresTemplate'));
    admin.pathname = '/postgres';
    const scratch = await createScratchDatabase(admin.toString(), 'zhibu_drift');
    try {
      expect(await pendingSchemaChange(scratch.url)).toBe('');
    } finally {
      await scratch.drop();
    }
  });

  it('reports a schema changed without a migration', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zhibu-drift-'));
    try {
      const url = `file:${join(dir, 'drift.db')}`;
      await applyMigrations(url);
      const { openSchemaEngine, noFilter } = await import('../../src/db/schema-engine.js');
      const changed = schemaFor('sqlite').replace('exempt             Boolean', 'nickname String?\n  exempt             Boolean');
      const { engine, close } = await openSchemaEngine(url, changed);
      try {
        const files = [{ path: 'schema.prisma', content: changed }];
        const diff = await engine.diff({ from: { tag: 'schemaDatasource', files, configDir: '.' }, to: { tag: 'schemaDatamodel', files }, script: true, exitCode: true, filters: noFilter });
        expect(diff.exitCode).toBe(2);
        expect(diff.stdout).toContain('ADD COLUMN "nickname"');
      } finally {
        await close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('applying twice applies once, and start-up skips the engine when nothing is pending', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zhibu-mig-'));
    try {
      const url = `file:${join(dir, 'nested', 'zhibu.db')}`;
      expect(await migrateDatabase(url)).toEqual(migrationList('sqlite').migrationDirectories.map((d) => d.path));
      expect(await migrateDatabase(url)).toEqual([]);
      expect(await applyMigrations(url)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
