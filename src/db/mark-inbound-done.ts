import { providerOfClient, type Db } from './client.js';
import { rawDateTime } from './raw-datetime.js';
import { groupCommitPerClient } from './group-commit.js';

/** An inbound event to mark handled, and when it was. */
export interface DoneMark {
  platform: string;
  eventId: string;
  doneAt: Date;
}

/**
 * Marks an inbound event handled. Marks arriving together share one `UPDATE` and one commit
 * (src/db/group-commit.ts); each caller's promise settles after the statement holding its
 * mark committed, with false when no such event is stored.
 */
export const markInboundDone: (db: Db, mark: DoneMark) => Promise<boolean> = groupCommitPerClient(markAll);

/**
 * One statement for all `marks`, each with its own time. Raw SQL, as the receipts: the
 * dialects differ only in placeholders and PostgreSQL's timestamp cast; SQLite keeps DateTime
 * as Prisma's ISO text.
 */
async function markAll(db: Db, marks: readonly DoneMark[]): Promise<boolean[]> {
  const isPostgres = providerOfClient(db) === 'postgresql';
  const params: unknown[] = [];
  const param = (value: unknown, cast = '') => {
    params.push(value);
    return isPostgres ? `$${params.length}${cast}` : '?';
  };
  const time = (d: Date) => rawDateTime(d, isPostgres);
  const cases = marks.map((m) => `WHEN "platform" = ${param(m.platform)} AND "eventId" = ${param(m.eventId)} THEN ${param(time(m.doneAt), '::timestamp(3)')}`).join(' ');
  const keys = marks.map((m) => `(${param(m.platform)}, ${param(m.eventId)})`).join(', ');
  const sql = `UPDATE "InboundEvent" SET "status" = 'done', "doneAt" = CASE ${cases} END WHERE ("platform", "eventId") IN (VALUES ${keys}) RETURNING "platform", "eventId"`;
  const updated = new Set((await db.$queryRawUnsafe<{ platform: string; eventId: string }[]>(sql, ...params)).map((r) => `${r.platform} ${r.eventId}`));
  return marks.map((m) => updated.has(`${m.platform} ${m.eventId}`));
}
