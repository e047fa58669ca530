import { isUniqueViolation, type Db, type Prisma } from '../db/client.js';
import { afterQuietHours, type QuietHours } from '../domain/calendar/quiet-hours.js';
import type { PlannedNotification } from './planned-notification.js';

/** A planned notification as the outbox will hold it. */
export interface OutboxEntry extends PlannedNotification {
  status: 'pending' | 'skipped';
  /** When it may go out: its due time moved past the quiet hours. */
  sendAt: Date;
  /** Why it is skipped. */
  note: string | null;
}

/**
 * Decides, at `now`, whether a planned notification is still worth sending and when: nothing
 * goes out in quiet hours, and what has stopped being useful (after downtime, or because the
 * quiet hours outlast it) is recorded as skipped instead of sent late.
 */
export function toOutboxEntry(p: PlannedNotification, quiet: QuietHours | null, zone: string, now: Date): OutboxEntry {
  const sendAt = afterQuietHours(p.dueAt > now ? p.dueAt : now, quiet, zone);
  const note = now >= p.expiresAt
    ? 'no longer useful when planned (catch-up after downtime)'
    : sendAt >= p.expiresAt ? 'quiet hours last until it is no longer useful' : null;
  return { ...p, sendAt, status: note ? 'skipped' : 'pending', note };
}

const KEY_CHUNK = 500;

/**
 * Writes entries to the outbox once: an entry whose idempotency key is already there (planned
 * by an earlier pass or by another process) is left alone. Returns the entries written.
 */
export async function writeOutbox(db: Db, entries: readonly OutboxEntry[]): Promise<OutboxEntry[]> {
  const fresh: OutboxEntry[] = [];
  for (let i = 0; i < entries.length; i += KEY_CHUNK) {
    const chunk = entries.slice(i, i + KEY_CHUNK);
    const known = await db.notification.findMany({ where: { idempotencyKey: { in: chunk.map((e) => e.key) } }, select: { idempotencyKey: true } });
    const knownKeys = new Set(known.map((k) => k.idempotencyKey));
    fresh.push(...chunk.filter((e) => !knownKeys.has(e.key)));
  }
  if (fresh.length === 0) return [];
  try {
    await db.notification.createMany({ data: fresh.map(toRow) });
    return fresh;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  // Another planner wrote some of them in the meantime: one by one, the unique key decides.
  const written: OutboxEntry[] = [];
  for (const entry of fresh) {
    try {
      await db.notification.create({ data: toRow(entry) });
      written.push(entry);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  return written;
}

function toRow(e: OutboxEntry): Prisma.NotificationCreateManyInput {
  return {
    idempotencyKey: e.key, kind: e.kind, branchId: e.branchId, memberId: e.memberId,
    platform: e.to.platform, tenant: e.to.tenant, targetKind: e.to.kind, targetId: e.to.id,
    // OutgoingMessage is plain JSON (strings, arrays, objects); Prisma's JSON type cannot see that.
    payload: e.message as unknown as Prisma.InputJsonValue,
    dueAt: e.sendAt, expiresAt: e.expiresAt, status: e.status, lastError: e.note,
  };
}
