import type { HandleMessage } from '../bot/handle-message.js';
import type { Inbox } from '../bot/inbox.js';
import type { IncomingMessage, Reply } from '../bot/types.js';
import type { Logger } from '../logger.js';
import { deliverReplies, type ChatPlatform } from './chat-platform.js';

/**
 * Takes messages from a platform adapter: stores each on receipt (with an inbox), then hands
 * it to the conversation core and sends what comes back, in the background. The adapter
 * acknowledges the platform once `accept` resolves, and answers "deliver again" when it
 * rejects: nothing acknowledged is lost, and the core's claims make redeliveries harmless.
 *
 * @example
 * const worker = new MessageWorker(platform, log, inbox);
 * worker.start(handleMessage);
 * await worker.accept(msg); // stored; acknowledge now, the replies follow
 */
/**
 * Messages handled at once by one process. A burst (a party day's check-ins) queues behind
 * them, so the receipts of the messages still arriving get the database at once and the
 * platforms hear "ok" within their deadline.
 */
const HANDLED_AT_ONCE = 8;

export class MessageWorker {
  private readonly inFlight = new Set<Promise<unknown>>();
  /**
   * The last message of each person still waiting or being handled. One person's messages are
   * handled one after another, in the order they arrived: the lines of a meeting record written
   * in private land in the order typed, and a 完成 sent right after the last line comes after it.
   * Different people's messages still go 8 at a time.
   */
  private readonly lastOfSender = new Map<string, Promise<void>>();
  private readonly waiting: (() => void)[] = [];
  private active = 0;
  private onMessage: HandleMessage = async () => [];

  constructor(private readonly platform: ChatPlatform, private readonly log: Logger, private readonly inbox?: Inbox) {}

  start(onMessage: HandleMessage): void {
    this.onMessage = onMessage;
  }

  /**
   * Receives `msg`: with an inbox, resolves once it is stored (rejects when it cannot be) and
   * handles it in the background; without one (tools, tests), handles it and resolves when
   * done or after `waitMs`, whichever is first.
   */
  async accept(msg: IncomingMessage, waitMs = 0): Promise<void> {
    if (!this.inbox) return this.process(msg, waitMs);
    // A redelivery is handled too: its first receipt may have landed after the platform was
    // told to deliver again (a slow write), and nobody handled it. The core's claim keeps an
    // event that is in hand or done from acting twice.
    const { received } = await this.inbox.receive(msg);
    void this.process(received);
  }

  /**
   * Receives a message whose replies the caller shows itself (a card click's toast): stored
   * first when there is an inbox; undefined when it was delivered before. Rejects when it
   * cannot be stored. Hand what it returns to `handle`.
   */
  async receiveInline(msg: IncomingMessage): Promise<IncomingMessage | undefined> {
    if (!this.inbox) return { ...msg, inlineReplies: true };
    // Handled as soon as this resolves: stored claimed, in one write.
    const { received, isNew } = await this.inbox.receive(msg, { claim: true });
    return isNew ? { ...received, inlineReplies: true } : undefined;
  }

  /** The core's answer to `msg`, for callers that deliver it themselves. */
  handle(msg: IncomingMessage): ReturnType<HandleMessage> {
    return this.onMessage(msg);
  }

  /** Starts handling `msg` and sending its replies; resolves when done or after `waitMs`, whichever is first. */
  private async process(msg: IncomingMessage, waitMs = 0): Promise<void> {
    const sender = `${msg.platform}:${msg.tenant}:${msg.senderId}`;
    const before = this.lastOfSender.get(sender);
    let handled = () => {};
    const mine = new Promise<void>((resolve) => (handled = resolve));
    this.lastOfSender.set(sender, mine);
    const work = (async () => {
      let replies: Reply[];
      try {
        // Waits without a place among the 8, so a person's queue never holds up others.
        await before;
        await this.turn();
        try {
          replies = await this.onMessage(msg);
        } finally {
          this.done();
        }
      } finally {
        handled();
        if (this.lastOfSender.get(sender) === mine) this.lastOfSender.delete(sender);
      }
      const results = await deliverReplies(this.platform, replies, msg.eventId);
      for (const failed of results.filter((r) => !r.ok)) this.log.warn({ eventId: msg.eventId, error: failed.error }, 'reply not delivered');
    })().catch((error: unknown) => this.log.error({ err: error, eventId: msg.eventId }, 'event failed; the sweep handles it again'));
    this.track(work);
    if (waitMs > 0) await Promise.race([work, sleep(waitMs)]);
  }

  /** Resolves when this message may be handled: at most HANDLED_AT_ONCE at a time, in arrival order. */
  private turn(): Promise<void> {
    if (this.active < HANDLED_AT_ONCE) {
      this.active += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Hands the finished message's place to the next waiting one. */
  private done(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active -= 1;
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
