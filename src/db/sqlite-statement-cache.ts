import type { SqlDriverAdapter, SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type BetterSqlite3 from 'better-sqlite3';

/**
 * Prepared statements kept per connection. Prisma generates a small, fixed set of SQL texts
 * for the paths every message takes (a dozen per check-in); the SQLite adapter prepares each
 * one anew for every execution, which took about a tenth of the bot's CPU under the inbound
 * bench (docs/PERFORMANCE.md). Planning's multi-row inserts vary by row count, so the cache is
 * bounded and drops the least recently used.
 */
export const CACHED_STATEMENTS = 256;

/** The part of better-sqlite3's connection the adapter uses: prepare, then bind once and run. */
interface PreparingClient {
  prepare: (sql: string) => unknown;
}

/**
 * An adapter factory whose SQLite connections reuse prepared statements. Relies on the
 * adapter's connection being its `client` field and on it calling only
 * `prepare(sql).bind(args)` then `reader`, `columns()`, `raw().all()` or `run()` (or
 * `prepare(sql).run()`): @prisma/adapter-better-sqlite3 7.10, pinned in package.json.
 * A connection that does not look like that is left as it is.
 */
export function reusingStatements(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => withStatementCache(await factory.connect()),
  };
}

function withStatementCache(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const client = (adapter as unknown as { client?: PreparingClient }).client;
  if (!client || typeof client.prepare !== 'function') return adapter;
  const prepare = client.prepare.bind(client) as (sql: string) => BetterSqlite3.Statement<unknown[]>;
  const cache = new Map<string, BetterSqlite3.Statement<unknown[]>>();
  client.prepare = (sql: string) => {
    let statement = cache.get(sql);
    if (statement) {
      // Re-inserted so the map's order is recency: the first key is the one to drop.
      cache.delete(sql);
    } else {
      statement = prepare(sql);
      if (cache.size >= CACHED_STATEMENTS) cache.delete(cache.keys().next().value as string);
    }
    cache.set(sql, statement);
    return reusable(statement);
  };
  return adapter;
}

/**
 * What the adapter sees in place of a fresh statement. better-sqlite3 binds a statement's
 * parameters once for good, so the arguments are handed to each execution instead.
 */
function reusable(statement: BetterSqlite3.Statement<unknown[]>) {
  return {
    reader: statement.reader,
    run: () => statement.run(),
    bind: (args: unknown[]) => ({
      reader: statement.reader,
      columns: () => statement.columns(),
      raw: () => ({ all: () => statement.raw(true).all(...args) }),
      run: () => statement.run(...args),
    }),
  };
}
