import type { OutgoingMessage, Recipient } from '../bot/types.js';

/** What a notification is, stored in Notification.kind. */
export type NotificationKind =
  | 'party_day_eve' | 'party_day_morning' | 'party_day_nudge' | 'party_day_scheduled'
  | 'dues_day' | 'dues_reminder' | 'dues_follow_up' | 'dues_arrears'
  | 'birthday_greeting' | 'birthday_today' | 'birthday_month'
  | 'probation_member' | 'probation_officer'
  | 'term_election' | 'org_term' | 'digest' | 'party_day_digest' | 'delivery_failed' | 'record_missing'
  | 'tree_scoreboard';

/** One message to one recipient, decided but not yet written to the outbox. */
export interface PlannedNotification {
  /** kind:recipient:occurrence — the outbox's unique idempotency key. */
  key: string;
  kind: NotificationKind;
  branchId: number;
  /** The member it is for (a private message), if any. */
  memberId: number | null;
  to: Recipient;
  message: OutgoingMessage;
  /** When it is meant to go out, before quiet hours are applied. */
  dueAt: Date;
  /** Past this instant it is no longer useful. */
  expiresAt: Date;
}

/** The recipient part of an idempotency key: "member-12" for a person, "chat-feishu:tk:oc_1" for a group. */
export function recipientKey(to: Recipient, memberId: number | null): string {
  return to.kind === 'user' && memberId !== null ? `member-${memberId}` : `chat-${to.platform}:${to.tenant}:${to.id}`;
}

/** A planned notification with its idempotency key: kind, recipient, occurrence. */
export function planned(kind: NotificationKind, occurrence: string, rest: Omit<PlannedNotification, 'key' | 'kind'>): PlannedNotification {
  return { ...rest, kind, key: `${kind}:${recipientKey(rest.to, rest.memberId)}:${occurrence}` };
}
