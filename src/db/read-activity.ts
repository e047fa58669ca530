import type { Activity, Db } from './client.js';
import { dateOf, nullableString, placeholders } from './raw-values.js';

const COLUMNS = [
  'id', 'branchId', 'kind', 'title', 'theme', 'place', 'startsAt', 'checkInOpensAt', 'checkInClosesAt', 'lateAfter', 'status',
  'occurrenceKey', 'createdBy', 'createdAt', 'updatedAt',
] as const satisfies readonly (keyof Activity)[];

/**
 * An activity by id, as Prisma's findUnique reads it, in one raw statement: a card's 签到
 * names its activity, and every click reads it (Prisma's findUnique also goes through its
 * batching, which costs more JavaScript than the read).
 */
export async function readActivity(db: Db, id: number): Promise<Activity | undefined> {
  const p = placeholders(db);
  const sql = `SELECT ${COLUMNS.map((c) => `"${c}"`).join(', ')} FROM "Activity" WHERE "id" = ${p(1)}`;
  const [row] = await db.$queryRawUnsafe<Record<(typeof COLUMNS)[number], unknown>[]>(sql, id);
  if (!row) return undefined;
  return {
    id: Number(row.id),
    branchId: Number(row.branchId),
    kind: row.kind as Activity['kind'],
    title: row.title as string,
    theme: nullableString(row.theme),
    place: nullableString(row.place),
    startsAt: dateOf(row.startsAt),
    checkInOpensAt: dateOf(row.checkInOpensAt),
    checkInClosesAt: dateOf(row.checkInClosesAt),
    lateAfter: dateOf(row.lateAfter),
    status: row.status as Activity['status'],
    occurrenceKey: nullableString(row.occurrenceKey),
    createdBy: nullableString(row.createdBy),
    createdAt: dateOf(row.createdAt),
    updatedAt: dateOf(row.updatedAt),
  };
}
