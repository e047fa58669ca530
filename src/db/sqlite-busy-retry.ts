import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from '@prisma/driver-adapter-utils';
import { monotonicMs } from '../clock.js';

/**
 * How long one statement may wait for SQLite's write lock inside the driver. better-sqlite3
 * waits synchronously, so this is how long the whole process can stand still: kept short,
 * and the waiting beyond it happens between tries, with the event loop free.
 */
export const SQLITE_BUSY_WAIT_MS = 50;
/** How long a statement keeps trying while another process holds the write lock. */
const BUSY_BUDGET_MS = 10_000;
/**
 * Inside a transaction, less: the transaction holds the connection's one slot, so everything
 * else waits behind it; better to fail and let the caller's own retry (the sweep, the next
 * probe) come back.
 */
const IN_TRANSACTION_BUDGET_MS = 1_000;

/**
 * A SQLite adapter factory whose statements, when another process holds the write lock,
 * wait between tries asynchronously: other chats keep being answered while one write waits,
 * and /healthz answers within its second.
 */
export function retryingWhenBusy(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory & { waitingForLock: () => number } {
  const waits = { count: 0 };
  const whileBusy: WhileBusy = (statement, budgetMs = BUSY_BUDGET_MS) => retryWhileBusy(statement, waits, budgetMs);
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => wrapAdapter(await factory.connect(), whileBusy),
    /** Statements waiting for another process's write lock now: /healthz names the lock. */
    waitingForLock: () => waits.count,
  };
}

type WhileBusy = <T>(statement: () => Promise<T>, budgetMs?: number) => Promise<T>;

function wrapAdapter(adapter: SqlDriverAdapter, whileBusy: WhileBusy): SqlDriverAdapter {
  // Delegating functions, not a prototype copy: the adapter keeps private state (#mutex).
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (query: SqlQuery) => whileBusy(() => adapter.queryRaw(query)),
    executeRaw: (query: SqlQuery) => whileBusy(() => adapter.executeRaw(query)),
    executeScript: (script: string) => whileBusy(() => adapter.executeScript(script)),
    startTransaction: async (isolationLevel) => wrapTransaction(await adapter.startTransaction(isolationLevel), whileBusy),
    ...(adapter.getConnectionInfo ? { getConnectionInfo: () => adapter.getConnectionInfo?.() ?? { supportsRelationJoins: false } } : {}),
    dispose: () => adapter.dispose(),
  };
}

function wrapTransaction(tx: Transaction, whileBusy: WhileBusy): Transaction {
  return {
    provider: tx.provider,
    adapterName: tx.adapterName,
    options: tx.options,
    // A deferred transaction takes the write lock at its first write: that statement waits
    // like any other. (One that read first and meets a newer commit fails, and is rolled back.)
    queryRaw: (query: SqlQuery) => whileBusy(() => tx.queryRaw(query), IN_TRANSACTION_BUDGET_MS),
    executeRaw: (query: SqlQuery) => whileBusy(() => tx.executeRaw(query), IN_TRANSACTION_BUDGET_MS),
    commit: () => tx.commit(),
    rollback: () => tx.rollback(),
    ...(tx.createSavepoint ? { createSavepoint: (name: string) => tx.createSavepoint?.(name) ?? Promise.resolve() } : {}),
    ...(tx.rollbackToSavepoint ? { rollbackToSavepoint: (name: string) => tx.rollbackToSavepoint?.(name) ?? Promise.resolve() } : {}),
    ...(tx.releaseSavepoint ? { releaseSavepoint: (name: string) => tx.releaseSavepoint?.(name) ?? Promise.resolve() } : {}),
  };
}

async function retryWhileBusy<T>(statement: () => Promise<T>, waits: { count: number }, budgetMs: number): Promise<T> {
  const startedAt = monotonicMs();
  let isWaiting = false;
  try {
    for (let pause = 20; ; pause = Math.min(pause * 2, 250)) {
      try {
        return await statement();
      } catch (error) {
        if (!isBusy(error) || monotonicMs() - startedAt + pause > budgetMs) throw error;
        if (!isWaiting) waits.count += 1;
        isWaiting = true;
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  } finally {
    if (isWaiting) waits.count -= 1;
  }
}

/**
 * SQLITE_BUSY and its extended codes, as the adapter reports them; not BUSY_SNAPSHOT, which a
 * transaction that read before another process wrote meets on every try (only a new
 * transaction gets past it).
 */
function isBusy(error: unknown): boolean {
  const code = (error as { cause?: { originalCode?: unknown } } | null)?.cause?.originalCode;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY') && code !== 'SQLITE_BUSY_SNAPSHOT';
}
