import { adapterFactoryFor } from './adapter-factory.js';

/**
 * Names of the migrations recorded in `_prisma_migrations` of the database at `databaseUrl`,
 * or none when the table (or the database) does not exist yet. Read through the driver
 * adapter, not a Prisma client: a client would load and instantiate Prisma's query compiler
 * (WebAssembly, ~20 MiB) a second time just for this one statement at every start-up.
 */
export async function appliedMigrationNames(databaseUrl: string): Promise<string[]> {
  const factory = await adapterFactoryFor(databaseUrl);
  // A database that cannot be opened yet (its SQLite folder is missing) has nothing applied;
  // the engine creates it. better-sqlite3 throws at once rather than rejecting.
  const adapter = await (async () => factory.connect())().catch(() => undefined);
  if (!adapter) return [];
  try {
    const result = await adapter.queryRaw({
      sql: 'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
      args: [],
      argTypes: [],
    });
    return result.rows.map((row) => String(row[0]));
  } catch {
    return [];
  } finally {
    await adapter.dispose();
  }
}
