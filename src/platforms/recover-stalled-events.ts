import type { HandleMessage } from '../bot/handle-message.js';
import { stalledMessages } from '../bot/inbound-dedup.js';
import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import { deliverReplies, type ChatPlatform } from './chat-platform.js';

/**
 * Handles again the messages a process acknowledged but never finished (it died in between),
 * and sends their replies. Run periodically; claims make it safe with several instances.
 */
export async function recoverStalledEvents(db: Db, handleMessage: HandleMessage, platforms: readonly ChatPlatform[], log: Logger, now = new Date()): Promise<number> {
  let recovered = 0;
  for (const msg of await stalledMessages(db, now)) {
    const platform = platforms.find((p) => p.name === msg.platform);
    if (!platform) continue;
    const replies = await handleMessage({ ...msg, receivedAt: now });
    await deliverReplies(platform, replies, msg.eventId);
    log.warn({ platform: msg.platform, eventId: msg.eventId }, 'stalled event handled again');
    recovered += 1;
  }
  return recovered;
}
