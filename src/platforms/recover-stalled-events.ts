import type { HandleMessage } from '../bot/handle-message.js';
import { failInboundEvent, MAX_EVENT_ATTEMPTS, stalledEvents, type StalledEvent } from '../bot/inbound-dedup.js';
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
 * safe with several instances. It drains what is stalled, a page at a time, rather than one page
 * a sweep: a process killed in a burst may leave hundreds acknowledged and unhandled (receipts
 * are stored faster than messages are handled), and their senders should not wait a sweep
 * interval per 50. A page with nothing new, or in which nothing could be taken (an event of a
 * platform not started), ends the sweep, so it never spins.
 */
export async function recoverStalledEvents(db: Db, handleMessage: HandleMessage, platforms: readonly ChatPlatform[], log: Logger, now: Date, deadBefore?: Date): Promise<number> {
  let recovered = 0;
  // An event still found after its turn (another instance's claim, a handler that left it as it
  // was) is not taken twice in one sweep.
  const seen = new Set<number>();
  for (let page = 0; page < MAX_PAGES; page++) {
    const stalled = (await stalledEvents(db, now, PAGE_SIZE, deadBefore)).filter((event) => !seen.has(event.id));
    let taken = 0;
    for (const event of stalled) {
      seen.add(event.id);
      const outcome = await recoverOne(db, handleMessage, platforms, log, now, event);
      if (outcome !== 'skipped') taken += 1;
      if (outcome === 'handled') recovered += 1;
    }
    if (stalled.length === 0 || taken === 0) break;
  }
  return recovered;
}

/** Events read a page at a time. */
const PAGE_SIZE = 50;
/** A bound on one sweep (10,000 events); the next sweep goes on where it stopped. */
const MAX_PAGES = 200;

async function recoverOne(db: Db, handleMessage: HandleMessage, platforms: readonly ChatPlatform[], log: Logger, now: Date, { id, attempts, msg }: StalledEvent): Promise<'handled' | 'failed' | 'skipped'> {
  const platform = platforms.find((p) => p.name === msg.platform);
  if (!platform) return 'skipped';
  if (attempts >= MAX_EVENT_ATTEMPTS) {
    if (!(await failInboundEvent(db, id, now))) return 'skipped';
    log.error({ platform: msg.platform, eventId: msg.eventId, inboundEventId: id, attempts }, 'event failed on every attempt; given up');
    await deliverReplies(platform, [answer(msg, GAVE_UP_REPLY, 'error')], `${msg.eventId}:gave-up`);
    return 'failed';
  }
  try {
    // Handled as the message it was: it keeps its receipt and counts from when it was sent.
    const replies = await handleMessage(msg);
    await deliverReplies(platform, replies, msg.eventId);
    log.warn({ platform: msg.platform, eventId: msg.eventId, attempt: attempts + 1 }, 'stalled event handled again');
    return 'handled';
  } catch (error) {
    // Its claim stays "processing": the next sweep counts this attempt and tries again or gives up.
    log.error({ err: error, platform: msg.platform, eventId: msg.eventId, attempt: attempts + 1 }, 'stalled event failed again');
    return 'failed';
  }
}
