import { createHmac } from 'node:crypto';

// DingTalk robot messages built the way DingTalk builds them (notes/platforms.md, section g:
// the official sample; the @bot mention cut out of the text, leaving a leading space).

export const CORP_ID = 'dinge8a565standin';
export const BOT_USER_ID = '$:LWCP_v1:$botstandin000000';
export const ROBOT_CODE = 'dingstandinappkey01';

let counter = 0;

export interface RobotMessageSpec {
  /** What the person typed after the bot's mention; DingTalk's leading space is added. */
  text: string;
  staffId: string;
  nick?: string;
  conversationId?: string;
  /** "2" group (default), "1" private. */
  conversationType?: '1' | '2';
  /** Other people mentioned, in order; put `@name` in the text for each. */
  atUsers?: { staffId: string }[];
  msgId?: string;
  sessionWebhook?: string;
  /** ms since the epoch; 90 minutes from now by default. */
  sessionWebhookExpiredTime?: number;
  corpId?: string;
}

/** A robot message as the HTTP callback body or a Stream frame's data carry it. */
export function robotMessage(spec: RobotMessageSpec): Record<string, unknown> {
  counter += 1;
  const now = Date.now();
  const isGroup = (spec.conversationType ?? '2') === '2';
  const corp = spec.corpId ?? CORP_ID;
  return {
    conversationId: spec.conversationId ?? 'cidGroupStandin0001==',
    atUsers: isGroup ? [{ dingtalkId: BOT_USER_ID }, ...(spec.atUsers ?? []).map((u) => ({ dingtalkId: `$:LWCP_v1:$${u.staffId}`, staffId: u.staffId }))] : [],
    chatbotCorpId: CORP_ID,
    chatbotUserId: BOT_USER_ID,
    msgId: spec.msgId ?? `msg${now.toString(36)}${counter}`,
    senderNick: spec.nick ?? spec.staffId,
    isAdmin: false,
    senderStaffId: spec.staffId,
    sessionWebhookExpiredTime: spec.sessionWebhookExpiredTime ?? now + 90 * 60_000,
    createAt: now,
    senderCorpId: corp,
    conversationType: spec.conversationType ?? '2',
    senderId: `$:LWCP_v1:$sender${spec.staffId}`,
    ...(isGroup ? { conversationTitle: '第一党支部', isInAtList: true } : {}),
    ...(spec.sessionWebhook ? { sessionWebhook: spec.sessionWebhook } : {}),
    robotCode: ROBOT_CODE,
    text: { content: ` ${spec.text}` },
    msgtype: 'text',
  };
}

export function dingtalkSign(timestampMs: string, appSecret: string): string {
  return createHmac('sha256', appSecret).update(`${timestampMs}\n${appSecret}`).digest('base64');
}

/** The body and headers of a callback as DingTalk sends it: `timestamp` and `sign` headers. */
export function dingtalkRequest(message: unknown, appSecret: string, timestampMs = Date.now()) {
  const timestamp = String(timestampMs);
  return {
    body: JSON.stringify(message),
    headers: { 'content-type': 'application/json; charset=utf-8', timestamp, sign: dingtalkSign(timestamp, appSecret) },
  };
}
