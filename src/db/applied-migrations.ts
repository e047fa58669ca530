import type { Db } from './client.js';

/**
 * Names of the migrations recorded in `_prisma_migrations`, or none when the table does not
 * exist yet. Lets start-up skip loading the schema engine when nothing is pending.
 */
export async function appliedMigrationNames(db: Db): Promise<string[]> {
  try {
    const rows = await db.$queryRawUnsafe<{ migration_name: string }[]>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    return rows.map((r) => r.migration_name);
  } catch {
    return [];
  }
}
