import { providerOfClient, type CheckInStatus, type CheckInVia, type Db } from './client.js';
import { rawDateTime } from './raw-datetime.js';

/** A new CheckIn row: who came to what, when, how and recorded by whom. */
export interface NewCheckIn {
  activityId: number;
  memberId: number;
  status: CheckInStatus;
  via: CheckInVia;
  checkedInAt: Date;
  recordedBy: string;
}

/**
 * Inserts a CheckIn unless the member has one for the activity; true when it was inserted.
 * One raw statement through the driver adapter: Prisma's create spends a model query's
 * JavaScript and reads the whole row back, and signals "exists" by a thrown unique violation.
 * The caller decides what an existing row means (src/bot/check-in-record.ts). createdAt and
 * updatedAt are written here as Prisma would (its defaults live in the client, not the table).
 */
export async function insertCheckInIfNew(db: Db, row: NewCheckIn, now: Date): Promise<boolean> {
  const isPostgres = providerOfClient(db) === 'postgresql';
  const at = rawDateTime(row.checkedInAt, isPostgres);
  const stamp = rawDateTime(now, isPostgres);
  const params = [row.activityId, row.memberId, row.status, row.via, at, row.recordedBy, stamp, stamp];
  const casts = ['', '', '::"CheckInStatus"', '::"CheckInVia"', '::timestamp(3)', '', '::timestamp(3)', '::timestamp(3)'];
  const values = casts.map((cast, i) => (isPostgres ? `$${i + 1}${cast}` : '?')).join(', ');
  const sql = `INSERT INTO "CheckIn" ("activityId", "memberId", "status", "via", "checkedInAt", "recordedBy", "createdAt", "updatedAt") VALUES (${values}) ON CONFLICT ("memberId", "activityId") DO NOTHING RETURNING "id"`;
  const inserted = await db.$queryRawUnsafe<{ id: unknown }[]>(sql, ...params);
  return inserted.length === 1;
}
