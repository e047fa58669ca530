import { providerOfClient, sqliteConnectionOfClient, type Db } from './client.js';
import { rawDateTime } from './raw-datetime.js';
import type { SqliteConnection } from './sqlite-connection.js';

/** One outbox row as the planner writes it. */
export interface NotificationRow {
  idempotencyKey: string;
  kind: string;
  branchId: number | null;
  memberId: number | null;
  platform: string;
  tenant: string;
  targetKind: string;
  targetId: string;
  /** The OutgoingMessage, as JSON text. */
  payload: string;
  dueAt: Date;
  expiresAt: Date | null;
  status: 'pending' | 'skipped';
  lastError: string | null;
}

const COLUMNS = ['idempotencyKey', 'kind', 'branchId', 'memberId', 'platform', 'tenant', 'targetKind', 'targetId', 'payload', 'dueAt', 'expiresAt', 'status', 'lastError', 'attempts', 'createdAt', 'updatedAt'] as const;
const COLUMN_LIST = COLUMNS.map((c) => `"${c}"`).join(', ');
/** Rows per multi-row statement through Prisma: 16 parameters each stays well under SQLite's 32,766. */
const CHUNK = 500;
/**
 * Rows per driver transaction on SQLite, and per statement on PostgreSQL. better-sqlite3 runs
 * synchronously: a chunk this size holds the event loop for a few milliseconds, so a bot
 * planning its 09:00 reminders keeps answering chats between chunks.
 */
const DRIVER_CHUNK = 1000;

/**
 * Writes outbox rows once each: `ON CONFLICT DO NOTHING` on the idempotency key leaves rows
 * another pass or process wrote alone, and only rows actually inserted are reported written.
 * Raw SQL, below Prisma where it pays (a planning day is 100,000 rows; Prisma's raw-query
 * path spent ~46 µs a row on SQLite, ~140 µs on PostgreSQL, on its parameters), and so lives
 * in src/db with the two dialects' differences:
 * - SQLite: one prepared single-row statement run for each row, a driver transaction per
 *   chunk (src/db/sqlite-connection.ts). While Prisma has a transaction open on the one
 *   connection (a BEGIN of ours would fail there), or another process holds the write lock,
 *   the chunk goes through Prisma's multi-row statement as it always did, which waits for the
 *   lock between tries (sqlite-busy-retry.ts).
 * - PostgreSQL: one `INSERT … SELECT FROM unnest(…)` per chunk, the columns as array
 *   parameters: 13 parameters instead of 16 a row.
 * SQLite keeps DateTime as Prisma's ISO text; PostgreSQL needs its JSON and enum columns cast.
 * Each chunk commits on its own: a crash between chunks leaves rows that planning again
 * finds by their keys and does not write twice.
 */
export async function insertNotifications(db: Db, rows: readonly NotificationRow[], now: Date): Promise<Set<string>> {
  const written = new Set<string>();
  const isPostgres = providerOfClient(db) === 'postgresql';
  const size = isPostgres || sqliteConnectionOfClient(db) ? DRIVER_CHUNK : CHUNK;
  for (let start = 0; start < rows.length; start += size) {
    const chunk = rows.slice(start, start + size);
    const keys = isPostgres ? await insertByUnnest(db, chunk, now) : await insertOnSqlite(db, chunk, now);
    for (const key of keys) written.add(key);
  }
  return written;
}

async function insertOnSqlite(db: Db, rows: readonly NotificationRow[], now: Date): Promise<string[]> {
  const connection = sqliteConnectionOfClient(db);
  if (connection && !connection.inTransaction()) {
    try {
      const keys = insertThroughDriver(connection, rows, now);
      // A turn of the event loop between chunks: see DRIVER_CHUNK.
      await new Promise((resolve) => setImmediate(resolve));
      return keys;
    } catch (error) {
      if (!isSqliteBusy(error)) throw error;
    }
  }
  const keys: string[] = [];
  for (let start = 0; start < rows.length; start += CHUNK) keys.push(...(await insertThroughPrisma(db, rows.slice(start, start + CHUNK), now)));
  return keys;
}

/** better-sqlite3's statement, prepared once per connection. */
const sqliteStatements = new WeakMap<SqliteConnection, { insert: ReturnType<SqliteConnection['prepare']>; begin: ReturnType<SqliteConnection['prepare']>; commit: ReturnType<SqliteConnection['prepare']>; rollback: ReturnType<SqliteConnection['prepare']> }>();

function insertThroughDriver(connection: SqliteConnection, rows: readonly NotificationRow[], now: Date): string[] {
  let statements = sqliteStatements.get(connection);
  if (!statements) {
    statements = {
      insert: connection.prepare(`INSERT INTO "Notification" (${COLUMN_LIST}) VALUES (${COLUMNS.map(() => '?').join(', ')}) ON CONFLICT ("idempotencyKey") DO NOTHING`),
      begin: connection.prepare('BEGIN IMMEDIATE'),
      commit: connection.prepare('COMMIT'),
      rollback: connection.prepare('ROLLBACK'),
    };
    sqliteStatements.set(connection, statements);
  }
  const at = rawDateTime(now, false);
  const keys: string[] = [];
  statements.begin.run();
  try {
    for (const row of rows) {
      const { changes } = statements.insert.run(
        row.idempotencyKey, row.kind, row.branchId, row.memberId, row.platform, row.tenant, row.targetKind, row.targetId, row.payload,
        rawDateTime(row.dueAt, false), rawDateTime(row.expiresAt, false), row.status, row.lastError, 0, at, at,
      );
      if (changes > 0) keys.push(row.idempotencyKey);
    }
    statements.commit.run();
  } catch (error) {
    if (connection.inTransaction()) statements.rollback.run();
    throw error;
  }
  return keys;
}

/** SQLITE_BUSY and its extended codes, as better-sqlite3 throws them. */
function isSqliteBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/** Multi-row `INSERT … VALUES` through Prisma's raw-query path: SQLite only, when the driver is not free. */
async function insertThroughPrisma(db: Db, rows: readonly NotificationRow[], now: Date): Promise<string[]> {
  const time = (d: Date | null) => rawDateTime(d, false);
  const params: unknown[] = [];
  const tuples = rows.map((row) => {
    const values: Record<(typeof COLUMNS)[number], unknown> = {
      ...row, dueAt: time(row.dueAt), expiresAt: time(row.expiresAt), attempts: 0, createdAt: time(now), updatedAt: time(now),
    };
    for (const column of COLUMNS) params.push(values[column]);
    return `(${COLUMNS.map(() => '?').join(', ')})`;
  });
  const sql = `INSERT INTO "Notification" (${COLUMN_LIST}) VALUES ${tuples.join(', ')} ON CONFLICT ("idempotencyKey") DO NOTHING RETURNING "idempotencyKey"`;
  return (await db.$queryRawUnsafe<{ idempotencyKey: string }[]>(sql, ...params)).map((r) => r.idempotencyKey);
}

/**
 * PostgreSQL: the chunk's columns as arrays, unnested into rows. Times go as ISO text cast to
 * TIMESTAMP(3): the zone designator is ignored there, which is right for Prisma's UTC columns.
 */
async function insertByUnnest(db: Db, rows: readonly NotificationRow[], now: Date): Promise<string[]> {
  const iso = (d: Date | null) => (d === null ? null : d.toISOString());
  const columns = [
    rows.map((r) => r.idempotencyKey), rows.map((r) => r.kind), rows.map((r) => r.branchId), rows.map((r) => r.memberId),
    rows.map((r) => r.platform), rows.map((r) => r.tenant), rows.map((r) => r.targetKind), rows.map((r) => r.targetId),
    rows.map((r) => r.payload), rows.map((r) => iso(r.dueAt)), rows.map((r) => iso(r.expiresAt)), rows.map((r) => r.status), rows.map((r) => r.lastError),
  ];
  const sql = `INSERT INTO "Notification" (${COLUMN_LIST})
    SELECT k, kind, b, m, p, t, tk, ti, payload::jsonb, due, exp, status::"NotificationStatus", err, 0, $14, $14
    FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::timestamp(3)[], $11::timestamp(3)[], $12::text[], $13::text[])
      AS u(k, kind, b, m, p, t, tk, ti, payload, due, exp, status, err)
    ON CONFLICT ("idempotencyKey") DO NOTHING RETURNING "idempotencyKey"`;
  return (await db.$queryRawUnsafe<{ idempotencyKey: string }[]>(sql, ...columns, rawDateTime(now, true))).map((r) => r.idempotencyKey);
}
