import { providerOfClient, type Db } from './client.js';
import { rawDateTime } from './raw-datetime.js';

/** One inbound event as stored on receipt. */
export interface InboundEventRow {
  platform: string;
  eventId: string;
  status: 'received' | 'processing';
  attempts: number;
  /** The IncomingMessage as JSON text. */
  payload: string;
  receivedAt: Date;
  claimedAt: Date | null;
}

const COLUMNS = ['platform', 'eventId', 'status', 'attempts', 'payload', 'receivedAt', 'claimedAt'] as const;

/**
 * Stores inbound events in one statement (so one commit, one fsync on PostgreSQL) and returns
 * the keys ("platform eventId") that were new: `ON CONFLICT DO NOTHING` leaves an event stored
 * before (a redelivery) as it is. An event twice in `rows` is stored once, and only its first
 * occurrence is new. Raw SQL for the receipt path every message takes: Prisma's create costs a
 * statement's worth of JavaScript per event, and cannot share a commit between requests.
 * Dialects as in insert-notifications.ts: SQLite keeps DateTime as Prisma's ISO text,
 * PostgreSQL needs its JSON and enum columns cast.
 */
export async function insertInboundEvents(db: Db, rows: readonly InboundEventRow[]): Promise<boolean[]> {
  if (rows.length === 0) return [];
  const isPostgres = providerOfClient(db) === 'postgresql';
  const time = (d: Date | null) => rawDateTime(d, isPostgres);
  const params: unknown[] = [];
  // In key order: two instances storing overlapping batches (the same event delivered to both)
  // then take the unique index's entries in the same order and never deadlock on PostgreSQL,
  // whose deadlock check alone waits a second.
  const ordered = [...rows].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  const tuples = ordered.map((row) => {
    const values: Record<(typeof COLUMNS)[number], unknown> = { ...row, receivedAt: time(row.receivedAt), claimedAt: time(row.claimedAt) };
    const placeholders = COLUMNS.map((column) => {
      params.push(values[column]);
      if (!isPostgres) return '?';
      const cast = column === 'payload' ? '::jsonb' : column === 'status' ? '::"InboundStatus"' : '';
      return `$${params.length}${cast}`;
    });
    return `(${placeholders.join(', ')})`;
  });
  const sql = `INSERT INTO "InboundEvent" (${COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')} ON CONFLICT ("platform", "eventId") DO NOTHING RETURNING "platform", "eventId"`;
  const stored = new Set((await db.$queryRawUnsafe<{ platform: string; eventId: string }[]>(sql, ...params)).map((r) => keyOf(r)));
  return rows.map((row) => stored.delete(keyOf(row)));
}

function keyOf(row: { platform: string; eventId: string }): string {
  return `${row.platform} ${row.eventId}`;
}
