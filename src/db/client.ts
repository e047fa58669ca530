import { PrismaClient as SqliteClient } from './generated/sqlite/client.js';
import { PrismaClient as PostgresClient } from './generated/postgresql/client.js';
import { adapterFactoryFor } from './adapter-factory.js';
import { providerOf, type Provider } from './provider.js';

export type { Prisma } from './generated/sqlite/client.js';
export * from './generated/sqlite/enums.js';
export type {
  Activity, AuditLog, ChatBinding, CheckIn, DuesRecord, HolidayYear, Identity, InboundEvent, Member, Notification, Organization, PlannerCursor, RoleGrant,
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
}

const providers = new WeakMap<object, Provider>();

/** Which database a client talks to, for the few statements in src/db that differ by dialect. */
export function providerOfClient(db: Db): Provider {
  return providers.get(db) ?? 'sqlite';
}

/** A Prisma client for `databaseUrl`: SQLite for `file:` URLs, PostgreSQL for `postgres(ql)://`. */
export async function openDatabase(databaseUrl: string): Promise<Database> {
  const provider = providerOf(databaseUrl);
  const adapter = adapterFactoryFor(databaseUrl);
  // The PostgreSQL client differs from the SQLite one only in its provider tag; every model
  // method has the same signature, so it is used through the SQLite client's type.
  const db = provider === 'postgresql' ? (new PostgresClient({ adapter }) as unknown as Db) : new SqliteClient({ adapter });
  providers.set(db, provider);
  if (provider === 'sqlite') {
    // WAL lets readers proceed while the one writer writes; the busy timeout (set on the
    // adapter) makes a second writer wait instead of failing with "database is locked".
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
  return { db, provider, close: () => db.$disconnect() };
}

/** Whether the database answers a trivial query; for /healthz. */
export async function pingDatabase(db: Db): Promise<boolean> {
  try {
    await db.$queryRawUnsafe('SELECT 1');
    return true;
  } catch {
    return false;
  }
}

/** Whether `error` is Prisma's unique-constraint violation (P2002). */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}
