import { providerOfClient, type CheckInStatus, type CheckInVia, type Db } from './client.js';
import { groupCommitPerClient } from './group-commit.js';
import { rawDateTime } from './raw-datetime.js';

/** A new CheckIn row: who came to what, when, how and recorded by whom. */
export interface NewCheckIn {
  activityId: number;
  memberId: number;
  status: CheckInStatus;
  via: CheckInVia;
  checkedInAt: Date;
  recordedBy: string;
  /** When the row is written (createdAt, updatedAt), as Prisma's client would stamp it. */
  writtenAt: Date;
}

/**
 * Inserts a CheckIn unless the member has one for the activity; true when it was inserted.
 * Check-ins arriving together (the burst when an activity opens) share one statement and one
 * commit (src/db/group-commit.ts); each caller's promise settles after the statement holding
 * its row committed. Raw SQL through the driver adapter: Prisma's create spends a model
 * query's JavaScript, reads the whole row back and signals "exists" by a thrown unique
 * violation. The caller decides what an existing row means (src/bot/check-in-record.ts).
 */
export const insertCheckInIfNew: (db: Db, row: NewCheckIn) => Promise<boolean> = groupCommitPerClient(insertCheckInsIfNew);

const COLUMNS = ['activityId', 'memberId', 'status', 'via', 'checkedInAt', 'recordedBy', 'createdAt', 'updatedAt'] as const;
const POSTGRES_CASTS: Record<(typeof COLUMNS)[number], string> = {
  activityId: '', memberId: '', status: '::"CheckInStatus"', via: '::"CheckInVia"', checkedInAt: '::timestamp(3)', recordedBy: '', createdAt: '::timestamp(3)', updatedAt: '::timestamp(3)',
};

/**
 * One `INSERT … ON CONFLICT DO NOTHING` for all `rows`; for each, whether it was inserted. A
 * member and activity twice in `rows` is inserted once, for its first occurrence. Rows go in
 * key order, so two instances never take the unique index in opposite orders (as the receipts).
 */
export async function insertCheckInsIfNew(db: Db, rows: readonly NewCheckIn[]): Promise<boolean[]> {
  if (rows.length === 0) return [];
  const isPostgres = providerOfClient(db) === 'postgresql';
  const params: unknown[] = [];
  const ordered = [...rows].sort((a, b) => a.memberId - b.memberId || a.activityId - b.activityId);
  const tuples = ordered.map((row) => {
    const stamp = rawDateTime(row.writtenAt, isPostgres);
    const values = { ...row, checkedInAt: rawDateTime(row.checkedInAt, isPostgres), createdAt: stamp, updatedAt: stamp };
    return `(${COLUMNS.map((column) => {
      params.push(values[column]);
      return isPostgres ? `$${params.length}${POSTGRES_CASTS[column]}` : '?';
    }).join(', ')})`;
  });
  const sql = `INSERT INTO "CheckIn" (${COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')} ON CONFLICT ("memberId", "activityId") DO NOTHING RETURNING "memberId", "activityId"`;
  const inserted = new Set((await db.$queryRawUnsafe<{ memberId: unknown; activityId: unknown }[]>(sql, ...params)).map((r) => keyOf({ memberId: Number(r.memberId), activityId: Number(r.activityId) })));
  return rows.map((row) => inserted.delete(keyOf(row)));
}

function keyOf(row: { memberId: number; activityId: number }): string {
  return `${row.memberId} ${row.activityId}`;
}
