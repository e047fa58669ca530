import type { Db } from '../db/client.js';

/**
 * The name an organisation carried at `instant`: the first former name still in use then,
 * else its current name.
 */
export async function nameAt(db: Db, org: { id: number; name: string }, instant: Date): Promise<string> {
  const former = await db.organizationName.findFirst({ where: { organizationId: org.id, usedUntil: { gt: instant } }, orderBy: { usedUntil: 'asc' } });
  return former?.name ?? org.name;
}
