import { providerOfClient, type Db } from './client.js';
import { rawDateTime } from './raw-datetime.js';

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
/** Rows per statement: 16 parameters each stays well under SQLite's 32,766. */
const CHUNK = 500;

/**
 * Writes outbox rows once each, in a few multi-row statements: `ON CONFLICT DO NOTHING` on the
 * idempotency key leaves rows another pass or process wrote alone, and `RETURNING` says which
 * were new. Prisma's createMany costs 0.3–0.8 ms a row here (bench/planning.ts); this is raw
 * SQL, and so lives in src/db with the two dialects' differences: SQLite keeps DateTime as
 * Prisma's ISO text, PostgreSQL needs its JSON and enum columns cast.
 */
export async function insertNotifications(db: Db, rows: readonly NotificationRow[], now: Date): Promise<Set<string>> {
  const isPostgres = providerOfClient(db) === 'postgresql';
  const time = (d: Date | null) => rawDateTime(d, isPostgres);
  const written = new Set<string>();
  for (let start = 0; start < rows.length; start += CHUNK) {
    const params: unknown[] = [];
    const tuples = rows.slice(start, start + CHUNK).map((row) => {
      const values: Record<(typeof COLUMNS)[number], unknown> = {
        ...row, dueAt: time(row.dueAt), expiresAt: time(row.expiresAt), attempts: 0, createdAt: time(now), updatedAt: time(now),
      };
      const placeholders = COLUMNS.map((column) => {
        params.push(values[column]);
        if (!isPostgres) return '?';
        const cast = column === 'payload' ? '::jsonb' : column === 'status' ? '::"NotificationStatus"' : '';
        return `$${params.length}${cast}`;
      });
      return `(${placeholders.join(', ')})`;
    });
    const sql = `INSERT INTO "Notification" (${COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')} ON CONFLICT ("idempotencyKey") DO NOTHING RETURNING "idempotencyKey"`;
    for (const { idempotencyKey } of await db.$queryRawUnsafe<{ idempotencyKey: string }[]>(sql, ...params)) written.add(idempotencyKey);
  }
  return written;
}
