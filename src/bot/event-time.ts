import type { IncomingMessage } from './types.js';

/**
 * How long before its receipt a message may have been sent and still count from its own time:
 * Feishu's last redelivery comes about 7 hours after the first, DingTalk's within minutes.
 */
export const MAX_DELIVERY_DELAY_MS = 12 * 3600_000;

/**
 * The instant a message counts from: when its sender sent it, as the platform says, if that
 * lies within the delivery delay before zhibu received it; else the receipt (a platform clock
 * ahead of ours cannot put a check-in in the future, nor an odd create time far in the past).
 * A check-in sent on time and handled after a crash or a redelivery is on time.
 */
export function eventTime(msg: Pick<IncomingMessage, 'sentAt' | 'receivedAt'>, processedAt: Date): Date {
  const receipt = msg.receivedAt ?? processedAt;
  const sent = msg.sentAt?.getTime();
  if (sent === undefined || Number.isNaN(sent)) return receipt;
  const isPlausible = sent <= receipt.getTime() && sent >= receipt.getTime() - MAX_DELIVERY_DELAY_MS;
  return isPlausible ? new Date(sent) : receipt;
}
