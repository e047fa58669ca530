import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type BetterSqlite3 from 'better-sqlite3';

/**
 * The better-sqlite3 connection under a Prisma client, for the one bulk write that is worth
 * bypassing Prisma for (planning's outbox rows: insert-notifications.ts). Prisma's raw-query
 * path spends tens of microseconds of JavaScript per row on its parameters; one prepared
 * statement run per row in a driver transaction spends a few.
 */
export interface SqliteConnection {
  /** The connection's own `prepare`, before sqlite-statement-cache.ts replaces it. */
  prepare: (sql: string) => BetterSqlite3.Statement<unknown[]>;
  /** Whether a transaction is open on the connection (Prisma's own, between its statements). */
  inTransaction: () => boolean;
}

/** Where a factory's connection is recorded once Prisma opens it (lazily, at its first query). */
export interface ConnectionSlot {
  connection?: SqliteConnection;
}

/**
 * A factory that records its connection in `slot`. Must wrap the driver's own factory,
 * inside reusingStatements, so the `prepare` recorded is the driver's. Relies on the adapter's
 * connection being its `client` field, as sqlite-statement-cache.ts does; a connection that
 * does not look like better-sqlite3 is not recorded, and the writers then go through Prisma.
 */
export function recordingConnection(factory: SqlDriverAdapterFactory, slot: ConnectionSlot): SqlDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => {
      const adapter = await factory.connect();
      const client = (adapter as unknown as { client?: Partial<BetterSqlite3.Database> }).client;
      if (client && typeof client.prepare === 'function' && typeof client.inTransaction === 'boolean') {
        const prepare = client.prepare.bind(client) as (sql: string) => BetterSqlite3.Statement<unknown[]>;
        slot.connection = { prepare, inTransaction: () => client.inTransaction === true };
      }
      return adapter;
    },
  };
}
