import type { HandleMessage } from '../bot/handle-message.js';
import type { OutgoingMessage, PlatformName, Recipient, SendResult } from '../bot/types.js';

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
  send(to: Recipient, message: OutgoingMessage): Promise<SendResult>;
  stop(): Promise<void>;
}
