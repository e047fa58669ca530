import type { Clock } from '../clock.js';
import type { Db } from '../db/client.js';
import { groupCommit } from '../db/group-commit.js';
import { insertInboundEvents, type InboundEventRow } from '../db/insert-inbound-events.js';
import { receiptRow } from './inbound-dedup.js';
import type { IncomingMessage } from './types.js';

/**
 * Where platform adapters put an event before they acknowledge it. "Acknowledged" means
 * "durably stored": `receive` resolves only once the event is written, and rejects when the
 * database cannot take it, so the adapter answers the platform in a way that makes it deliver
 * again (HTTP 503, an error frame, no ack).
 *
 * @example
 * const { received } = await inbox.receive(msg);  // rejects: answer 503
 * void handleMessage(received);                    // the claim keeps a redelivery from acting twice
 */
export interface Inbox {
  /**
   * The stored message; `isNew` is false for a redelivery of an event stored before. With
   * `claim`, a new event is stored claimed for the caller, who handles it at once: one write
   * instead of a receipt and then a claim.
   */
  receive(msg: IncomingMessage, options?: { claim?: boolean }): Promise<{ received: IncomingMessage; isNew: boolean }>;
}

/**
 * How long a receipt may take before the platform is told to deliver again: Feishu gives up on
 * an answer after 3 s. A write that lands later is found by the sweep, and the redelivery is
 * then a duplicate: handled once either way.
 */
const RECEIPT_WITHIN_MS = 2_000;

export function createInbox(db: Db, clock: Clock): Inbox {
  // Receipts arriving together share one statement and one commit; each is answered after it.
  const store = groupCommit((rows: readonly InboundEventRow[]) => insertInboundEvents(db, rows));
  return {
    async receive(msg, options) {
      const receivedAt = clock();
      let timer: NodeJS.Timeout | undefined;
      const tooLate = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`the event was not stored within ${RECEIPT_WITHIN_MS} ms`)), RECEIPT_WITHIN_MS);
      });
      try {
        const isNew = await Promise.race([store(receiptRow(msg, receivedAt, options?.claim === true)), tooLate]);
        return { received: { ...msg, receivedAt, ...(isNew && options?.claim ? { claimedOnReceipt: true } : {}) }, isNew };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
