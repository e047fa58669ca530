import type { OutgoingMessage } from '../../bot/types.js';
import type { Db, Role } from '../../db/client.js';
import type { BranchSettings } from '../../domain/branch-settings.js';
import type { HolidayCalendar } from '../../domain/calendar/holiday-calendar.js';
import type { BranchAudience } from '../branch-audience.js';
import { planned, type NotificationKind, type PlannedNotification } from '../planned-notification.js';

/** What expanding a branch's reminder slots into messages needs to know. */
export interface ExpandContext {
  db: Db;
  branch: { id: number; name: string; createdAt: Date };
  settings: BranchSettings;
  calendar: HolidayCalendar;
  audience: BranchAudience;
}

/** What addressing a message needs: the branch and who in it can be reached. */
type Addressing = Pick<ExpandContext, 'branch' | 'audience'>;

/** When a notification is due and until when it is useful. */
export interface Timing {
  dueAt: Date;
  expiresAt: Date;
}

/** The same message to every group chat of the branch. */
export async function toGroups(ctx: Addressing, kind: NotificationKind, occurrence: string, timing: Timing, message: OutgoingMessage): Promise<PlannedNotification[]> {
  return (await ctx.audience.groups()).map((to) => planned(kind, occurrence, { ...timing, branchId: ctx.branch.id, memberId: null, to, message }));
}

/** A message of its own to each member who has an account; members without one are left out. */
export async function toMembers<M extends { id: number }>(
  ctx: Addressing, kind: NotificationKind, occurrence: string, timing: Timing, members: readonly M[], messageFor: (member: M) => OutgoingMessage,
): Promise<PlannedNotification[]> {
  const reachable = await ctx.audience.privately(members.map((m) => m.id));
  return members.flatMap((m) => {
    const to = reachable.get(m.id);
    return to ? [planned(kind, occurrence, { ...timing, branchId: ctx.branch.id, memberId: m.id, to, message: messageFor(m) })] : [];
  });
}

/** The same message, in private, to the officers the tiers name (the secretary first, by default). */
export async function toOfficers(
  ctx: Addressing, tiers: readonly (readonly Role[])[], kind: NotificationKind, occurrence: string, timing: Timing, message: OutgoingMessage,
): Promise<PlannedNotification[]> {
  const ids = await ctx.audience.officers(tiers);
  return toMembers(ctx, kind, occurrence, timing, ids.map((id) => ({ id })), () => message);
}

/**
 * One message object per distinct key: notices that read the same (the dues notices of members
 * with the same amount) share it, and the outbox serialises a shared message once (outbox.ts).
 */
export function sharedMessages<K>(build: (key: K) => OutgoingMessage): (key: K) => OutgoingMessage {
  const built = new Map<K, OutgoingMessage>();
  return (key) => {
    let message = built.get(key);
    if (!message) {
      message = build(key);
      built.set(key, message);
    }
    return message;
  };
}
