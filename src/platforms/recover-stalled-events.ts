import type { HandleMessage } from '../bot/handle-message.js';
import { failInboundEvent, MAX_EVENT_ATTEMPTS, stalledEvents } from '../bot/inbound-dedup.js';
import { answer } from '../bot/replies.js';
import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import { deliverReplies, type ChatPlatform } from './chat-platform.js';

/** What the sender of a message that could not be handled is told (the text is not repeated). */
export const GAVE_UP_REPLY = `你刚才发送的一条消息处理了 ${MAX_EVENT_ATTEMPTS} 次都没有成功，已停止重试，没有记录任何内容。请稍后重新发送；如果仍然不行，请联系支部书记或管理员。`;

/**
 * Handles again the messages a process acknowledged but never finished (it died in between),
 * and sends their replies. A message that has used its attempts is not handled again: it is
 * marked failed, logged with its id, and its sender is told. Run periodically; claims make it
 * safe with several instances.
 */
export async function recoverStalledEvents(db: Db, handleMessage: HandleMessage, platforms: readonly ChatPlatform[], log: Logger, now: Date, deadBefore?: Date): Promise<number> {
  let recovered = 0;
  for (const { id, attempts, msg } of await stalledEvents(db, now, 50, deadBefore)) {
    const platform = platforms.find((p) => p.name === msg.platform);
    if (!platform) continue;
    if (attempts >= MAX_EVENT_ATTEMPTS) {
      if (!(await failInboundEvent(db, id, now))) continue;
      log.error({ platform: msg.platform, eventId: msg.eventId, inboundEventId: id, attempts }, 'event failed on every attempt; given up');
      await deliverReplies(platform, [answer(msg, GAVE_UP_REPLY, 'error')], `${msg.eventId}:gave-up`);
      continue;
    }
    try {
      // Handled as the message it was: it keeps its receipt and counts from when it was sent.
      const replies = await handleMessage(msg);
      await deliverReplies(platform, replies, msg.eventId);
      log.warn({ platform: msg.platform, eventId: msg.eventId, attempt: attempts + 1 }, 'stalled event handled again');
      recovered += 1;
    } catch (error) {
      // Its claim stays "processing": the next sweep counts this attempt and tries again or gives up.
      log.error({ err: error, platform: msg.platform, eventId: msg.eventId, attempt: attempts + 1 }, 'stalled event failed again');
    }
  }
  return recovered;
}
