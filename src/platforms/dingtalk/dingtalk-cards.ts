import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { OutgoingMessage, SendResult } from '../../bot/types.js';
import type { ApiAnswer, DingtalkApi } from './dingtalk-api.js';
import { plainText } from '../plain-text.js';

/**
 * The variables a zhibu card template on DingTalk reads (docs/DEPLOY.md says how to make one):
 * public `title`, `markdown` (the lines, with the live count), `buttonText`, and the button's
 * callback parameters `command` and `activityId`; private (per person) `result`, what the
 * click did for the person who clicked.
 */
export type CardParams = Record<'title' | 'markdown' | 'buttonText' | 'command' | 'activityId', string>;

/**
 * The card parameters of a live check-in card (a message kept up to date with a 签到 button
 * for one activity); undefined for any other message, which stays markdown.
 */
export function checkInCardParams(message: OutgoingMessage): CardParams | undefined {
  const button = message.buttons?.find((b) => b.action?.command === '签到' && /^\d+$/.test(b.action.activityId ?? ''));
  if (!message.liveKey || !button?.action) return undefined;
  return {
    title: message.title ?? '签到',
    markdown: message.lines.map((line) => plainText(line, 'markup')).join('\n\n'),
    buttonText: button.label,
    command: button.action.command ?? '签到',
    activityId: button.action.activityId ?? '',
  };
}

/**
 * DingTalk interactive cards (互动卡片) through the card instance APIs: one call creates a card
 * from the template and delivers it to a group (`POST /v1.0/card/instances/createAndDeliver`),
 * another replaces its public data (`PUT /v1.0/card/instances`). Clicks come back over Stream
 * on `/v1.0/card/instances/callback` (callbackType STREAM).
 */
export class DingtalkCards {
  constructor(private readonly api: DingtalkApi, private readonly robotCode: string, private readonly templateId: string) {}

  /**
   * Sends a card to the group `openConversationId`; the result's messageId is its outTrackId.
   * The same idempotency key makes the same outTrackId: a send retried after DingTalk took it
   * is refused as a duplicate rather than shown twice.
   */
  async toGroup(openConversationId: string, params: CardParams, idempotencyKey?: string): Promise<SendResult> {
    const outTrackId = idempotencyKey ? `zhibu-${createHash('sha1').update(idempotencyKey).digest('hex')}` : `zhibu-${randomUUID()}`;
    const answer = await this.api.post('/v1.0/card/instances/createAndDeliver', {
      cardTemplateId: this.templateId, outTrackId, callbackType: 'STREAM',
      cardData: { cardParamMap: params },
      openSpaceId: `dtv1.card//IM_GROUP.${openConversationId}`,
      imGroupOpenSpaceModel: { supportForward: false },
      imGroupOpenDeliverModel: { robotCode: this.robotCode },
    });
    const refused = refusal(answer);
    if (refused) return refused;
    // HTTP 200 with a delivery that failed (the robot is not in the group, say) is no card.
    const deliveries = deliverResults.safeParse(answer.body?.result);
    const failed = deliveries.success ? deliveries.data.deliverResults?.find((d) => d.success === false) : undefined;
    if (failed) return { ok: false, isRetryable: false, error: `dingtalk card not delivered: ${failed.errorMsg ?? 'no reason given'}` };
    return { ok: true, messageId: outTrackId };
  }

  /** Replaces the public data of the card `outTrackId` (its live count). */
  async update(outTrackId: string, params: CardParams): Promise<SendResult> {
    const answer = await this.api.put('/v1.0/card/instances', { outTrackId, cardData: { cardParamMap: params }, cardUpdateOptions: { updateCardDataByKey: true } });
    return refusal(answer) ?? { ok: true, messageId: outTrackId };
  }
}

const deliverResults = z.object({ deliverResults: z.array(z.object({ success: z.boolean().optional(), errorMsg: z.string().optional() })).optional() });

/** A failed answer, or one that says `success: false`; undefined when the call was taken. */
function refusal(answer: ApiAnswer): SendResult | undefined {
  if (!answer.ok) return { ok: false, ...(answer.error ? { error: answer.error } : {}), ...(answer.isRetryable !== undefined ? { isRetryable: answer.isRetryable } : {}) };
  if (answer.body?.success === false) return { ok: false, isRetryable: false, error: `dingtalk card call refused: ${JSON.stringify(answer.body).slice(0, 200)}` };
  return undefined;
}

// A card click, the `data` of a Stream frame on /v1.0/card/instances/callback: who clicked
// (`userId`, the staffId), which card (`outTrackId`), and the button's parameters inside
// `content`, a JSON text: { cardPrivateData: { actionIds, params } }.
const cardCallback = z.object({
  outTrackId: z.string().min(1),
  userId: z.string().min(1),
  corpId: z.string().optional(),
  content: z.string(),
});
const callbackContent = z.object({ cardPrivateData: z.object({ params: z.record(z.string(), z.unknown()).optional() }) });

/** A card click as who, which card, and the button's string parameters; undefined when it is not one. */
export function readCardCallback(data: unknown): { outTrackId: string; userId: string; corpId?: string; params: Record<string, string> } | undefined {
  const parsed = cardCallback.safeParse(data);
  if (!parsed.success) return undefined;
  let content: unknown;
  try {
    content = JSON.parse(parsed.data.content);
  } catch {
    return undefined;
  }
  const inner = callbackContent.safeParse(content);
  if (!inner.success) return undefined;
  const params = Object.fromEntries(Object.entries(inner.data.cardPrivateData.params ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'));
  const { outTrackId, userId, corpId } = parsed.data;
  return { outTrackId, userId, params, ...(corpId ? { corpId } : {}) };
}
