import type { HandleMessage } from '../bot/handle-message.js';
import type { IncomingMessage } from '../bot/types.js';
import type { Logger } from '../logger.js';
import { deliverReplies, type ChatPlatform } from './chat-platform.js';

/**
 * Hands messages to the conversation core and sends the replies, in the background: a
 * platform acknowledges a delivery first (Feishu retries after 3 s, DingTalk Stream wants an
 * ack at once) while the work goes on. The core claims each event in the database before it
 * acts, so a redelivery during or after the work changes nothing.
 *
 * @example
 * const worker = new MessageWorker(platform, log);
 * worker.start(handleMessage);
 * await worker.process(msg, 800); // back after 800 ms at most; the replies follow
 */
export class MessageWorker {
  private readonly inFlight = new Set<Promise<unknown>>();
  private onMessage: HandleMessage = async () => [];

  constructor(private readonly platform: ChatPlatform, private readonly log: Logger) {}

  start(onMessage: HandleMessage): void {
    this.onMessage = onMessage;
  }

  /** The core's answer to `msg`, for callers that deliver it themselves (a card click's toast). */
  handle(msg: IncomingMessage): ReturnType<HandleMessage> {
    return this.onMessage(msg);
  }

  /** Starts handling `msg` and sending its replies; resolves when done or after `waitMs`, whichever is first. */
  async process(msg: IncomingMessage, waitMs = 0): Promise<void> {
    const work = (async () => {
      const replies = await this.onMessage(msg);
      const results = await deliverReplies(this.platform, replies, msg.eventId);
      for (const failed of results.filter((r) => !r.ok)) this.log.warn({ eventId: msg.eventId, error: failed.error }, 'reply not delivered');
    })().catch((error: unknown) => this.log.error({ err: error, eventId: msg.eventId }, 'event failed'));
    this.track(work);
    if (waitMs > 0) await Promise.race([work, sleep(waitMs)]);
  }

  /** Keeps `work` in view so `drain` can wait for it. */
  track(work: Promise<unknown>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work)).catch(() => {});
  }

  /** Waits for everything still running (for a platform's stop). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }
}

/** A timer that does not keep the process alive on its own. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
