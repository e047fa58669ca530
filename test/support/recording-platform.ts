import type { HandleMessage } from '../../src/bot/handle-message.js';
import type { OutgoingMessage, PlatformName, Recipient, SendResult } from '../../src/bot/types.js';
import type { ChatPlatform } from '../../src/platforms/chat-platform.js';
import { renderText } from '../../src/platforms/console/render-text.js';

export interface Delivery {
  to: Recipient;
  message: OutgoingMessage;
}

/**
 * A chat platform that keeps what it is asked to send: the stand-in at the platform boundary
 * for reminder tests. `respond` decides each send's result (ok by default).
 */
export class RecordingPlatform implements ChatPlatform {
  readonly sent: Delivery[] = [];
  readonly attempts: Delivery[] = [];

  constructor(
    readonly name: PlatformName = 'console',
    private readonly respond: (delivery: Delivery, attempt: number) => SendResult | Promise<SendResult> = () => ({ ok: true }),
  ) {}

  async start(_onMessage: HandleMessage): Promise<void> {}

  async send(to: Recipient, message: OutgoingMessage): Promise<SendResult> {
    const delivery = { to, message };
    this.attempts.push(delivery);
    const result = await this.respond(delivery, this.attempts.length);
    if (result.ok) this.sent.push(delivery);
    return result;
  }

  async stop(): Promise<void> {}

  /** "[群聊] 今日主题党日" or "[李四] 签到提醒": one line per message sent, in order. */
  log(): string[] {
    return this.sent.map((d) => `[${d.to.kind === 'chat' ? '群聊' : (d.to.label ?? d.to.id)}] ${d.message.title ?? d.message.lines[0] ?? ''}`);
  }

  /** The full text of what went to one person (by label) or to the group ('群聊'). */
  textTo(who: string): string {
    return this.sent.filter((d) => (d.to.kind === 'chat' ? '群聊' : d.to.label) === who).map((d) => renderText(d.message)).join('\n---\n');
  }

  clear(): void {
    this.sent.length = 0;
    this.attempts.length = 0;
  }
}
