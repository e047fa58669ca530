import type { PrismaClient as SqliteClient } from './generated/sqlite/client.js';
import { adapterFactoryFor } from './adapter-factory.js';
import { retryingWhenBusy, SQLITE_BUSY_WAIT_MS } from './sqlite-busy-retry.js';
import { recordingConnection, type ConnectionSlot, type SqliteConnection } from './sqlite-connection.js';
import { reusingStatements } from './sqlite-statement-cache.js';
import { providerOf, type Provider } from './provider.js';

export type { Prisma } from './generated/sqlite/client.js';
export * from './generated/sqlite/enums.js';
export type {
  Activity, AuditLog, ChatBinding, CheckIn, DuesRecord, HolidayYear, Identity, InboundEvent, MeetingFile, MeetingRecord, MeetingRecordRevision, Member, Notification, Organization,
  PlannerCursor, RecordDialogue, RoleGrant,
} from './generated/sqlite/client.js';

/**
 * The database client the rest of zhibu uses. Both generated clients share one model API
 * (they come from one schema source); the SQLite client's type stands for both.
 */
export type Db = SqliteClient;

export interface Database {
  db: Db;
  provider: Provider;
  /** Closes the connections. */
  close: () => Promise<void>;
  /** How many statements wait for another process's SQLite write lock now (0 on PostgreSQL). */
  waitingForLock: () => number;
}

const providers = new WeakMap<object, Provider>();
const sqliteConnections = new WeakMap<object, ConnectionSlot>();

/** Which database a client talks to, for the few statements in src/db that differ by dialect. */
export function providerOfClient(db: Db): Provider {
  return providers.get(db) ?? 'sqlite';
}

/**
 * The better-sqlite3 connection under a SQLite client, once Prisma has opened it; for the bulk
 * writes in src/db that go below Prisma (insert-notifications.ts). Undefined before the first
 * query and on PostgreSQL.
 */
export function sqliteConnectionOfClient(db: Db): SqliteConnection | undefined {
  return sqliteConnections.get(db)?.connection;
}

/**
 * A Prisma client for `databaseUrl`: SQLite for `file:` URLs, PostgreSQL for `postgres(ql)://`.
 * Only that provider's generated client and driver are loaded (docs/PERFORMANCE.md).
 */
export async function openDatabase(databaseUrl: string): Promise<Database> {
  const provider = providerOf(databaseUrl);
  // SQLite statements wait for another process's write lock between tries, not inside the driver.
  const slot: ConnectionSlot = {};
  const retrying = provider === 'sqlite' ? retryingWhenBusy(reusingStatements(recordingConnection(await adapterFactoryFor(databaseUrl, SQLITE_BUSY_WAIT_MS), slot))) : undefined;
  const adapter = retrying ?? (await adapterFactoryFor(databaseUrl));
  // The PostgreSQL client differs from the SQLite one only in its provider tag; every model
  // method has the same signature, so it is used through the SQLite client's type.
  const db = provider === 'postgresql'
    ? (new (await import('./generated/postgresql/client.js')).PrismaClient({ adapter }) as unknown as Db)
    : new (await import('./generated/sqlite/client.js')).PrismaClient({ adapter });
  providers.set(db, provider);
  if (provider === 'sqlite') sqliteConnections.set(db, slot);
  if (provider === 'sqlite') {
    // WAL lets readers proceed while the one writer writes; a second writer waits (briefly in
    // the driver, then between tries: sqlite-busy-retry.ts) instead of failing with "database is locked".
    await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
    await db.$executeRawUnsafe('PRAGMA foreign_keys = ON');
    // In WAL mode NORMAL syncs at checkpoints instead of at every commit: a crash of the bot
    // loses nothing and the file is never corrupted; only a power cut may undo the last
    // commits. FULL would cost an fsync per check-in (docs/DEPLOY.md, docs/PERFORMANCE.md).
    await db.$executeRawUnsafe('PRAGMA synchronous = NORMAL');
    // Deleted and overwritten content is zeroed, not left in free pages where a copy of the
    // file would still show it (personal-data erasure, src/db/reclaim-space.ts).
    await db.$executeRawUnsafe('PRAGMA secure_delete = ON');
  }
  return { db, provider, close: () => db.$disconnect(), waitingForLock: () => retrying?.waitingForLock() ?? 0 };
}

/** How long /healthz waits for the database: it must answer within a second, whatever hangs. */
const PROBE_TIMEOUT_MS = 800;

/**
 * Whether the database takes a write now, within a bounded time; for /healthz. A read is not
 * enough: a full disk or a lock held by another process lets reads through while every
 * check-in fails.
 */
export async function probeDatabaseWrite(database: Pick<Database, 'db' | 'waitingForLock'>, instance: string, now: Date): Promise<{ ok: true } | { ok: false; reason: string }> {
  const { db } = database;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
  });
  try {
    // Two single statements rather than an upsert: no transaction that could hold the
    // connection while another process holds the lock.
    const write = async () => {
      const updated = await db.healthProbe.updateMany({ where: { instance }, data: { at: now } });
      if (updated.count === 0) await db.healthProbe.create({ data: { instance, at: now } });
    };
    await Promise.race([write(), timeout]);
    return { ok: true };
  } catch (error) {
    const waiting = database.waitingForLock();
    return { ok: false, reason: waiting > 0 ? `the SQLite database is locked by another process (${waiting} writes waiting)` : describeDatabaseError(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** A database failure in a few words for an operator: the driver's message without the query. */
function describeDatabaseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n').map((line) => line.trim()).filter(Boolean).at(-1)?.slice(0, 200) ?? 'unknown error';
}

/** Whether `error` is Prisma's unique-constraint violation (P2002). */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}
