import { createHash } from 'node:crypto';
import type * as lark from '@larksuiteoapi/node-sdk';
import type { OutgoingMessage, Recipient, SendOptions, SendResult } from '../../bot/types.js';
import type { Metrics } from '../../metrics.js';
import { RateLimiter } from '../rate-limiter.js';
import { classifyFeishuFailure } from './classify-failure.js';
import { renderFeishuMessage } from './render-message.js';

/** Feishu's limits for sending: 50/s per app, 5/s per chat or per user (im/v1/message/create). */
const LIMITS = { app: { limit: 50, windowMs: 1000 }, target: { limit: 5, windowMs: 1000 } };
const MAX_ATTEMPTS = 3;
const MAX_WAIT_MS = 10_000;

export interface SenderTiming {
  sleep: (ms: number) => Promise<void>;
  clock: () => number;
}

/**
 * Sends and edits messages through the SDK client within Feishu's rate limits, retrying
 * rate-limited and server-side failures a few times (the reset header says how long), and
 * checking the response code the SDK does not check.
 */
export class FeishuSender {
  private readonly limiter: RateLimiter<'app' | 'target'>;

  constructor(
    private readonly client: lark.Client,
    private readonly timing: SenderTiming = { sleep: (ms) => new Promise((r) => setTimeout(r, ms)), clock: Date.now },
    private readonly metrics?: Metrics,
  ) {
    this.limiter = new RateLimiter(LIMITS, timing.clock, timing.sleep);
  }

  async send(to: Recipient, message: OutgoingMessage, options: SendOptions = {}): Promise<SendResult> {
    const body = renderFeishuMessage(message);
    // Feishu shows one message per uuid per hour, so a retried send is not shown twice.
    const uuid = options.idempotencyKey ? createHash('sha1').update(options.idempotencyKey).digest('hex') : undefined;
    const api = options.inReplyTo && to.kind === 'chat' ? 'reply' : 'create';
    return this.withRetries(api, to.id, async () => {
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
    return this.withRetries('patch', `message:${messageId}`, () => this.client.im.v1.message.patch({ path: { message_id: messageId }, data: { content } }));
  }

  private async withRetries(api: string, target: string, call: () => Promise<{ code?: number; msg?: string; data?: { message_id?: string } }>): Promise<SendResult> {
    let last: SendResult = { ok: false, error: 'not sent', isRetryable: true };
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      await this.limiter.take({ app: 'app', target });
      const timer = this.metrics?.platformApiSeconds.startTimer({ platform: 'feishu', api });
      try {
        const response = await call();
        if (response.code === undefined || response.code === 0) {
          timer?.({ outcome: 'ok' });
          return { ok: true, ...(response.data?.message_id ? { messageId: response.data.message_id } : {}) };
        }
        last = classifyFeishuFailure(response);
      } catch (failure) {
        last = classifyFeishuFailure(failure);
      }
      timer?.({ outcome: last.isRetryable ? 'retryable' : 'failed' });
      if (last.retryAfterMs !== undefined) this.metrics?.platformRateLimited.inc({ platform: 'feishu' });
      if (!last.isRetryable || attempt === MAX_ATTEMPTS) break;
      await this.timing.sleep(Math.min(last.retryAfterMs ?? 500 * 2 ** attempt, MAX_WAIT_MS));
    }
    return last;
  }
}
