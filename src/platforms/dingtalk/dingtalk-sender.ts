import type { SendResult } from '../../bot/types.js';
import type { Logger } from '../../logger.js';
import type { Conversations } from './conversations.js';
import type { ApiAnswer, DingtalkApi } from './dingtalk-api.js';
import { toOpenApiMessage, toSessionWebhookBody, type DingtalkDocument } from './render-message.js';
import { staffOfPrivateChat } from './to-incoming.js';

/** batchSend takes at most 20 userIds. */
const BATCH_SIZE = 20;
/** How long a flow-controlled person is left alone before the next try. */
const FLOW_CONTROL_PAUSE_MS = 60_000;

/**
 * Delivers rendered documents: to a conversation through its session webhook while valid,
 * else through the OpenAPI (`groupMessages/send` for a group, `oToMessages/batchSend` for a
 * private conversation); to people through `batchSend`, reading per person which ids
 * DingTalk refused (`invalidStaffIdList`, for good) or throttled (`flowControlledStaffIdList`,
 * worth another try later). HTTP 200 from batchSend does not mean every person got it.
 */
export class DingtalkSender {
  constructor(
    private readonly api: DingtalkApi,
    private readonly robotCode: string,
    private readonly conversations: Conversations,
    private readonly log: Logger,
    /** Epoch milliseconds of the wall clock (session webhooks expire at an instant). */
    private readonly clock: () => number,
  ) {}

  async toConversation(conversationId: string, doc: DingtalkDocument): Promise<SendResult> {
    const webhook = this.conversations.webhookFor(conversationId, this.clock());
    if (webhook) {
      const answer = await this.api.postSessionWebhook(webhook, toSessionWebhookBody(doc));
      if (answer.ok) return { ok: true };
      this.conversations.dropWebhook(conversationId);
      this.log.warn({ conversationId, error: answer.error }, 'session webhook refused the message; sending through the OpenAPI');
    }
    const conversation = this.conversations.get(conversationId);
    // A private chat names its person, remembered or not (after a restart).
    const person = conversation?.isPrivate ? conversation.staffId : staffOfPrivateChat(conversationId);
    if (person) return (await this.toPeople([person], doc)).get(person) ?? { ok: false, error: 'not sent' };
    const answer = await this.api.post('/v1.0/robot/groupMessages/send', { robotCode: this.robotCode, openConversationId: conversationId, ...toOpenApiMessage(doc) });
    return resultOf(answer);
  }

  /** One document to each of `userIds` in private, in batches of 20; a result per person. */
  async toPeople(userIds: string[], doc: DingtalkDocument): Promise<Map<string, SendResult>> {
    const results = new Map<string, SendResult>();
    const message = toOpenApiMessage(doc);
    const people = [...new Set(userIds)];
    for (let start = 0; start < people.length; start += BATCH_SIZE) {
      const batch = people.slice(start, start + BATCH_SIZE);
      const answer = await this.api.post('/v1.0/robot/oToMessages/batchSend', { robotCode: this.robotCode, userIds: batch, ...message });
      const invalid = idSet(answer.body?.invalidStaffIdList);
      const throttled = idSet(answer.body?.flowControlledStaffIdList);
      for (const id of batch) {
        if (!answer.ok) results.set(id, resultOf(answer));
        else if (invalid.has(id)) results.set(id, { ok: false, isRetryable: false, error: `dingtalk: ${id} cannot receive the robot's private messages (invalidStaffIdList): not a user of this organisation, or outside the app's visible range` });
        else if (throttled.has(id)) results.set(id, { ok: false, isRetryable: true, retryAfterMs: FLOW_CONTROL_PAUSE_MS, error: `dingtalk: private messages to ${id} are flow-controlled (flowControlledStaffIdList); try again later` });
        else results.set(id, resultOf(answer));
      }
    }
    return results;
  }
}

/** A SendResult without the answer's body; the message id is batchSend's processQueryKey. */
function resultOf(answer: ApiAnswer): SendResult {
  if (answer.ok) {
    const key = answer.body?.processQueryKey;
    return { ok: true, ...(typeof key === 'string' ? { messageId: key } : {}) };
  }
  return {
    ok: false,
    ...(answer.error ? { error: answer.error } : {}),
    ...(answer.isRetryable !== undefined ? { isRetryable: answer.isRetryable } : {}),
    ...(answer.retryAfterMs !== undefined ? { retryAfterMs: answer.retryAfterMs } : {}),
  };
}

function idSet(list: unknown): Set<string> {
  return new Set(Array.isArray(list) ? list.filter((id): id is string => typeof id === 'string') : []);
}
