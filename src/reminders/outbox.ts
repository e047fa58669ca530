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
  return withSendAt(p, afterQuietHours(p.dueAt > now ? p.dueAt : now, quiet, zone), now);
}

function withSendAt(p: PlannedNotification, sendAt: Date, now: Date): OutboxEntry {
  const note = now >= p.expiresAt
    ? 'no longer useful when planned (catch-up after downtime)'
    : sendAt >= p.expiresAt ? 'quiet hours last until it is no longer useful' : null;
  return { ...p, sendAt, status: note ? 'skipped' : 'pending', note };
}

/**
 * toOutboxEntry for many notifications of one branch: the quiet-hours decision is made once
 * per due time (a slot's thousands of private notices share one), not once per notification.
 */
export function toOutboxEntries(planned: readonly PlannedNotification[], quiet: QuietHours | null, zone: string, now: Date): OutboxEntry[] {
  const sendAtOf = new Map<number, Date>();
  return planned.map((p) => {
    const due = p.dueAt > now ? p.dueAt : now;
    let sendAt = sendAtOf.get(due.getTime());
    if (!sendAt) {
      sendAt = afterQuietHours(due, quiet, zone);
      sendAtOf.set(due.getTime(), sendAt);
    }
    return withSendAt(p, sendAt, now);
  });
}


/**
 * Writes entries to the outbox once: an entry whose idempotency key is already there (planned
 * by an earlier pass or by another process) is left alone. Returns the entries written.
 */
export async function writeOutbox(db: Db, entries: readonly OutboxEntry[], now: Date): Promise<OutboxEntry[]> {
  if (entries.length === 0) return [];
  const payloadOf = payloadCache();
  const written = await insertNotifications(db, entries.map((e) => toRow(e, payloadOf)), now);
  return entries.filter((e) => written.has(e.key));
}

/**
 * Messages shared by many notifications (a group notice to every chat, one alert to several
 * officers, the dues notices of members with the same amount) are serialised once.
 */
function payloadCache(): (message: OutboxEntry['message']) => string {
  const known = new WeakMap<object, string>();
  return (message) => {
    let json = known.get(message);
    if (json === undefined) {
      json = JSON.stringify(message);
      known.set(message, json);
    }
    return json;
  };
}

function toRow(e: OutboxEntry, payloadOf: (message: OutboxEntry['message']) => string): NotificationRow {
  return {
    idempotencyKey: e.key, kind: e.kind, branchId: e.branchId, memberId: e.memberId,
    platform: e.to.platform, tenant: e.to.tenant, targetKind: e.to.kind, targetId: e.to.id,
    payload: payloadOf(e.message),
    dueAt: e.sendAt, expiresAt: e.expiresAt, status: e.status, lastError: e.note,
  };
}
