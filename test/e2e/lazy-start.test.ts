import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase } from '../../src/db/migrations.js';
import { zhibu } from '../support/run-zhibu.js';

/**
 * Loaded into the zhibu process with --import: lists, as it exits, the CommonJS modules it
 * loaded (every database driver, exceljs, the platform SDKs and their HTTP clients are
 * CommonJS, so a package here is a package the process paid to load).
 */
const LIST_LOADED = `data:text/javascript,${encodeURIComponent(
  "import { createRequire } from 'node:module'; import { writeFileSync } from 'node:fs'; process.on('exit', () => writeFileSync(process.env.LOADED_FILE, JSON.stringify(Object.keys(createRequire(process.cwd() + '/').cache))));",
)}`;

/**
 * Loaded likewise: lists, as the process exits, the WebAssembly modules it instantiated, by
 * the constructor each exports (Prisma's query compiler: querycompiler_new; the schema
 * engine: schemaengine_new). Other modules (a loader's own) are left out.
 */
const LIST_WASM = `data:text/javascript,${encodeURIComponent(`
import { writeFileSync } from 'node:fs';
const made = [];
const record = (module) => { for (const e of WebAssembly.Module.exports(module)) if (/^(querycompiler|schemaengine)_new$/.test(e.name)) made.push(e.name.replace('_new', '')); };
const Instance = WebAssembly.Instance;
WebAssembly.Instance = new Proxy(Instance, { construct(target, args) { record(args[0]); return Reflect.construct(target, args); } });
const instantiate = WebAssembly.instantiate;
WebAssembly.instantiate = function (source, imports) { if (source instanceof WebAssembly.Module) record(source); return instantiate.call(this, source, imports); };
process.on('exit', () => writeFileSync(process.env.WASM_FILE, JSON.stringify(made)));`)}`;

/** The packages among `files`: "node_modules/@scope/name/…" → "@scope/name". */
function packagesOf(files: string[]): Set<string> {
  return new Set(files.flatMap((f) => {
    const match = /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f);
    return match?.[1] ? [match[1]] : [];
  }));
}

describe('a command loads what it needs, no more (docs/PERFORMANCE.md, "Start-up and memory")', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'zhibu-lazy-'));
    env = { DATABASE_URL: `file:${join(dir, 'zhibu.db')}`, NODE_OPTIONS: `--import ${LIST_LOADED}`, LOADED_FILE: join(dir, 'loaded.json') };
    await migrateDatabase(env.DATABASE_URL ?? '');
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const loaded = (args: string[]) => {
    const run = zhibu(args, { cwd: dir, env });
    expect(run.code, run.stderr).toBe(0);
    return packagesOf(JSON.parse(readFileSync(env.LOADED_FILE ?? '', 'utf8')) as string[]);
  };

  it('zhibu --help loads no database driver, no spreadsheet library and no platform SDK', () => {
    const packages = loaded(['--help']);
    for (const heavy of ['better-sqlite3', 'pg', '@prisma/client', 'exceljs', '@larksuiteoapi/node-sdk', 'axios', 'ws', 'express', 'pino']) {
      expect(packages, heavy).not.toContain(heavy);
    }
  });

  it("zhibu tick on SQLite loads SQLite's driver, not PostgreSQL's, exceljs, HTTP or a platform SDK it is not configured for", () => {
    const packages = loaded(['tick', '--at', '2026-12-04T09:00:00+08:00']);
    expect(packages).toContain('better-sqlite3');
    for (const unneeded of ['pg', '@prisma/adapter-pg', 'exceljs', '@larksuiteoapi/node-sdk', 'axios', 'ws', 'express', 'prom-client']) {
      expect(packages, unneeded).not.toContain(unneeded);
    }
  });

  it('zhibu tick loads the schema engine only when a migration is pending', () => {
    const wasmEnv = (databaseUrl: string) => ({ DATABASE_URL: databaseUrl, NODE_OPTIONS: `--import ${LIST_WASM}`, WASM_FILE: join(dir, 'wasm.json') });
    const instantiated = (databaseUrl: string) => {
      const run = zhibu(['tick', '--at', '2026-12-04T09:00:00+08:00'], { cwd: dir, env: wasmEnv(databaseUrl) });
      expect(run.code, run.stderr).toBe(0);
      return JSON.parse(readFileSync(join(dir, 'wasm.json'), 'utf8')) as string[];
    };
    // A new database: every migration is pending, so the engine is loaded to apply them.
    const fresh = `file:${join(dir, 'fresh.db')}`;
    expect(instantiated(fresh)).toEqual(['schemaengine', 'querycompiler']);
    // Now up to date: the check reads _prisma_migrations through the driver; no engine.
    expect(instantiated(fresh)).toEqual(['querycompiler']);
  });
});
