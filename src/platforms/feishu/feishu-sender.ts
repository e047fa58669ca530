import { createHash } from 'node:crypto';
import type * as lark from '@larksuiteoapi/node-sdk';
import type { OutgoingFile, OutgoingMessage, Recipient, SendOptions, SendResult } from '../../bot/types.js';
import type { Metrics } from '../../metrics.js';
import { RateLimiter } from '../rate-limiter.js';
import { realTiming, withRetries, type SenderTiming } from '../with-retries.js';
import { classifyFeishuFailure } from './classify-failure.js';
import { renderFeishuMessage } from './render-message.js';

/**
 * Feishu's limits for sending: 50/s per app, 5/s per chat or per user (im/v1/message/create).
 * The windows are 5% longer than a second: a request reaches Feishu a little after it leaves,
 * and with exact windows network jitter alone lets the 51st into Feishu's second (429).
 */
const LIMITS = { shared: { limit: 50, windowMs: 1050 }, perTarget: { limit: 5, windowMs: 1050 } };
const MAX_ATTEMPTS = 3;
const MAX_WAIT_MS = 10_000;

export type { SenderTiming };

/**
 * Sends and edits messages through the SDK client within Feishu's rate limits, retrying
 * rate-limited and server-side failures a few times (the reset header says how long), and
 * checking the response code the SDK does not check.
 */
export class FeishuSender {
  private readonly limiter: RateLimiter;

  constructor(
    private readonly client: lark.Client,
    private readonly timing: SenderTiming = realTiming,
    private readonly metrics?: Metrics,
  ) {
    this.limiter = new RateLimiter(LIMITS, timing.clock, timing.sleep);
  }

  async send(to: Recipient, message: OutgoingMessage, options: SendOptions = {}): Promise<SendResult> {
    return this.sendContent(to, renderFeishuMessage(message), options);
  }

  /**
   * Uploads a file (POST im/v1/files, multipart; at most 30 MB, not empty) and sends it as a
   * `file` message: a file message carries nothing but its `file_key`.
   */
  async sendFile(to: Recipient, file: OutgoingFile, options: SendOptions = {}): Promise<SendResult> {
    let fileKey: string | undefined;
    const uploaded = await this.withRetries('file_upload', 'upload', async () => {
      // The SDK hands back `data` of the answer, so a non-zero code arrives as no file_key.
      const response = await this.client.im.v1.file.create({ data: { file_type: /\.xlsx?$/i.test(file.name) ? 'xls' : /\.docx?$/i.test(file.name) ? 'doc' : 'stream', file_name: file.name, file: file.content } });
      fileKey = response?.file_key;
      return fileKey ? { code: 0 } : { code: -1, msg: 'the upload answered without a file_key' };
    });
    if (!uploaded.ok || !fileKey) return uploaded;
    return this.sendContent(to, { msg_type: 'file', content: JSON.stringify({ file_key: fileKey }) }, options);
  }

  private async sendContent(to: Recipient, body: { msg_type: string; content: string }, options: SendOptions): Promise<SendResult> {
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

  private withRetries(api: string, target: string, call: () => Promise<{ code?: number; msg?: string; data?: { message_id?: string } }>): Promise<SendResult> {
    return withRetries(async () => {
      await this.limiter.take(target);
      const timer = this.metrics?.platformApiSeconds.startTimer({ platform: 'feishu', api });
      let result: SendResult;
      try {
        const response = await call();
        result = response.code === undefined || response.code === 0
          ? { ok: true, ...(response.data?.message_id ? { messageId: response.data.message_id } : {}) }
          : classifyFeishuFailure(response);
      } catch (failure) {
        result = classifyFeishuFailure(failure);
      }
      timer?.({ outcome: result.ok ? 'ok' : result.isRetryable ? 'retryable' : 'failed' });
      if (result.retryAfterMs !== undefined) this.metrics?.platformRateLimited.inc({ platform: 'feishu' });
      return result;
    }, this.timing.sleep, MAX_ATTEMPTS, MAX_WAIT_MS);
  }
}
