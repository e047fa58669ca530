import type { HandleMessage } from '../bot/handle-message.js';
import type { ConnectionReport } from './connection-supervisor.js';
import type { Attachment, OutgoingMessage, PlatformName, Recipient, Reply, SendOptions, SendResult } from '../bot/types.js';

/**
 * One chat platform behind one small interface. The adapter is the only place that knows
 * its platform: it turns events into `IncomingMessage`s, hands them to the conversation
 * core, and renders `OutgoingMessage`s natively.
 *
 * @example
 * await platform.start(handleMessage);
 * await platform.send({ platform: 'console', tenant: 'local', kind: 'chat', id: 'console-group' }, { lines: ['你好'] });
 */
export interface ChatPlatform {
  readonly name: PlatformName;
  start(onMessage: HandleMessage): Promise<void>;
  send(to: Recipient, message: OutgoingMessage, options?: SendOptions): Promise<SendResult>;
  /** Replaces an earlier message; platforms that cannot edit leave it out. */
  update?(to: Recipient, messageId: string, message: OutgoingMessage): Promise<SendResult>;
  stop(): Promise<void>;
  /** The platform's connection state for /healthz ("connected", "reconnecting", …). */
  health?(): string;
  /** A long connection's supervision report for /healthz; undefined without one (webhooks). */
  connection?(): ConnectionReport | undefined;
  /**
   * The content of a file someone sent, at most `maxBytes + 1` bytes of it when given (enough
   * to tell it is too large); platforms that receive no files leave it out.
   */
  download?(tenant: string, attachment: Attachment, maxBytes?: number): Promise<Buffer>;
}

/**
 * Sends the replies of one handled message through `platform`: edits where a reply replaces
 * an earlier message, threaded sends otherwise. Failures are reported, not thrown.
 */
export async function deliverReplies(platform: ChatPlatform, replies: Reply[], eventId: string): Promise<SendResult[]> {
  const results: SendResult[] = [];
  for (const [index, reply] of replies.entries()) {
    if (reply.replaceMessageId) {
      if (platform.update) results.push(await platform.update(reply.to, reply.replaceMessageId, reply.message));
      continue;
    }
    const options: SendOptions = { idempotencyKey: `${eventId}:${index}`, ...(reply.inReplyTo ? { inReplyTo: reply.inReplyTo } : {}) };
    results.push(await platform.send(reply.to, reply.message, options));
  }
  return results;
}

/**
 * Sends replies that do not answer one platform's event (a check-in by link, say) through the
 * platform each is addressed to; replies for a platform not running are dropped.
 */
export async function deliverToPlatforms(platforms: readonly ChatPlatform[], replies: Reply[], eventId: string): Promise<SendResult[]> {
  const results: SendResult[] = [];
  for (const platform of platforms) {
    const own = replies.filter((r) => r.to.platform === platform.name);
    if (own.length > 0) results.push(...(await deliverReplies(platform, own, eventId)));
  }
  return results;
}
