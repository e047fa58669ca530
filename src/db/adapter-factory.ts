import type { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import type { PrismaPg } from '@prisma/adapter-pg';
import type pg from 'pg';
import type { PoolConfig } from 'pg';
import { providerOf } from './provider.js';

// The drivers are imported when a database is opened, and only the one its URL names: a
// process talks to one kind of database, and `zhibu --help` to none (docs/PERFORMANCE.md).

/**
 * A Prisma driver-adapter factory for `databaseUrl`: better-sqlite3 for `file:` URLs,
 * node-postgres for `postgres(ql)://` URLs.
 */
export async function adapterFactoryFor(databaseUrl: string, sqliteBusyWaitMs = 10_000): Promise<PrismaBetterSqlite3 | PrismaPg> {
  if (providerOf(databaseUrl) === 'sqlite') {
    const { PrismaBetterSqlite3 } = await import('@prisma/adapter-better-sqlite3');
    return new PrismaBetterSqlite3({ url: databaseUrl, timeout: sqliteBusyWaitMs });
  }
  const { PrismaPg } = await import('@prisma/adapter-pg');
  return new PrismaPg(pgConfigOf(databaseUrl));
}

/**
 * The adapter factory the schema engine gets, and what to close after it: the engine never
 * ends a pool it was handed.
 */
export async function schemaEngineAdapterFactoryFor(databaseUrl: string): Promise<{ factory: PrismaBetterSqlite3 | PrismaPg; end: () => Promise<void> }> {
  if (providerOf(databaseUrl) === 'sqlite') return { factory: await adapterFactoryFor(databaseUrl), end: async () => {} };
  const [{ default: pgModule }, { PrismaPg }] = await Promise.all([import('pg'), import('@prisma/adapter-pg')]);
  const pool = new pgModule.Pool({ ...pgConfigOf(databaseUrl), Client: catalogFriendlyClient(pgModule) });
  // pool.end() settles once its clients are removed, not once their connections are closed; a
  // database dropped right after (a scratch database, WITH (FORCE)) would kill one still closing.
  const closed: Promise<void>[] = [];
  pool.on('connect', (client) => closed.push(new Promise((resolve) => client.once('end', () => resolve()))));
  return { factory: new PrismaPg(pool), end: async () => { await pool.end(); await Promise.all(closed); } };
}

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

/**
 * A pg client class for the schema engine only (made once pg is loaded). When the engine
 * describes a PostgreSQL schema it reads catalog columns of the internal one-byte type
 * "char" (pg_class.relkind and friends), which the Prisma adapter refuses as an unsupported column type. pg already hands those
 * values over as strings, so reporting them as text is exact.
 */
function catalogFriendlyClient(pgModule: typeof pg): typeof pg.Client {
  return class CatalogFriendlyClient extends pgModule.Client {
    // pg.Client#query has a dozen overloads that a subclass cannot restate; pg-pool calls it
    // in callback form and the adapter's transactions in promise form, so both are wrapped.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    override query(...args: any[]): any {
      const last: unknown = args.at(-1);
      if (typeof last === 'function') {
        args[args.length - 1] = (error: Error | null, result?: pg.QueryResult) => {
          (last as (e: Error | null, r?: pg.QueryResult) => void)(error, result && textForChar(result));
        };
      }
      // eslint-disable-next-line @typescript-eslint/unbound-method -- applied to `this` right here
      const result: unknown = Reflect.apply(super.query, this, args);
      return result instanceof Promise ? result.then(textForChar) : result;
    }
  };
}

function textForChar(result: pg.QueryResult): pg.QueryResult {
  for (const field of result.fields ?? []) if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
  return result;
}

/**
 * node-postgres settings from a URL. A config object rather than a connection string:
 * the adapter derives its shadow database by spreading the config with another `database`,
 * which a connection string would silently override (notes/prisma-offline.md, point 6).
 */
export function pgConfigOf(databaseUrl: string): PoolConfig {
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get('schema');
  return {
    host: decodeURIComponent(url.hostname) || '127.0.0.1',
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username) || undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    database: decodeURIComponent(url.pathname.replace(/^\//, '')) || undefined,
    max: Number(url.searchParams.get('connection_limit') ?? 10),
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  };
}
