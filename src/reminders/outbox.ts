import type { Db } from '../db/client.js';
import { insertNotifications, type NotificationRow } from '../db/insert-notifications.js';
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


/**
 * Writes entries to the outbox once: an entry whose idempotency key is already there (planned
 * by an earlier pass or by another process) is left alone. Returns the entries written.
 */
export async function writeOutbox(db: Db, entries: readonly OutboxEntry[], now: Date): Promise<OutboxEntry[]> {
  if (entries.length === 0) return [];
  const written = await insertNotifications(db, entries.map(toRow), now);
  return entries.filter((e) => written.has(e.key));
}

function toRow(e: OutboxEntry): NotificationRow {
  return {
    idempotencyKey: e.key, kind: e.kind, branchId: e.branchId, memberId: e.memberId,
    platform: e.to.platform, tenant: e.to.tenant, targetKind: e.to.kind, targetId: e.to.id,
    payload: JSON.stringify(e.message),
    dueAt: e.sendAt, expiresAt: e.expiresAt, status: e.status, lastError: e.note,
  };
}
