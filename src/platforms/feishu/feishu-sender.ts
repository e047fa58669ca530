import { createHash } from 'node:crypto';
import type * as lark from '@larksuiteoapi/node-sdk';
import type { OutgoingMessage, Recipient, SendOptions, SendResult } from '../../bot/types.js';
import { RateLimiter } from '../rate-limiter.js';
import { realTiming, withRetries, type SenderTiming } from '../with-retries.js';
import { classifyFeishuFailure } from './classify-failure.js';
import { renderFeishuMessage } from './render-message.js';

/** Feishu's limits for sending: 50/s per app, 5/s per chat or per user (im/v1/message/create). */
const LIMITS = { app: { limit: 50, windowMs: 1000 }, target: { limit: 5, windowMs: 1000 } };
const MAX_ATTEMPTS = 3;
const MAX_WAIT_MS = 10_000;

export type { SenderTiming };

/**
 * Sends and edits messages through the SDK client within Feishu's rate limits, retrying
 * rate-limited and server-side failures a few times (the reset header says how long), and
 * checking the response code the SDK does not check.
 */
export class FeishuSender {
  private readonly limiter: RateLimiter<'app' | 'target'>;

  constructor(
    private readonly client: lark.Client,
    private readonly timing: SenderTiming = realTiming,
  ) {
    this.limiter = new RateLimiter(LIMITS, timing.clock, timing.sleep);
  }

  async send(to: Recipient, message: OutgoingMessage, options: SendOptions = {}): Promise<SendResult> {
    const body = renderFeishuMessage(message);
    // Feishu shows one message per uuid per hour, so a retried send is not shown twice.
    const uuid = options.idempotencyKey ? createHash('sha1').update(options.idempotencyKey).digest('hex') : undefined;
    return this.withRetries(to.id, async () => {
      if (options.inReplyTo && to.kind === 'chat') {
        return this.client.im.v1.message.reply({ path: { message_id: options.inReplyTo }, data: { ...body, ...(uuid ? { uuid } : {}) } });
      }
      const receiveIdType = to.kind === 'user' || to.id.startsWith('ou_') ? 'open_id' : 'chat_id';
      return this.client.im.v1.message.create({ params: { receive_id_type: receiveIdType }, data: { receive_id: to.id, ...body, ...(uuid ? { uuid } : {}) } });
    });
  }

  /** Replaces a card's content (`update_multi` cards only); 5 edits per second per message. */
  async patch(messageId: string, message: OutgoingMessage): Promise<SendResult> {
    const { content } = renderFeishuMessage({ ...message, title: message.title ?? '支部助手' });
    return this.withRetries(`message:${messageId}`, () => this.client.im.v1.message.patch({ path: { message_id: messageId }, data: { content } }));
  }

  private withRetries(target: string, call: () => Promise<{ code?: number; msg?: string; data?: { message_id?: string } }>): Promise<SendResult> {
    return withRetries(async () => {
      await this.limiter.take({ app: 'app', target });
      try {
        const response = await call();
        if (response.code === undefined || response.code === 0) {
          return { ok: true, ...(response.data?.message_id ? { messageId: response.data.message_id } : {}) };
        }
        return classifyFeishuFailure(response);
      } catch (failure) {
        return classifyFeishuFailure(failure);
      }
    }, this.timing.sleep, MAX_ATTEMPTS, MAX_WAIT_MS);
  }
}
