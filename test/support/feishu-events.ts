import { createCipheriv, createHash, randomBytes } from 'node:crypto';

// Feishu payloads built the way Feishu builds them (notes/platforms.md: the official samples,
// AES-256-CBC with key sha256(encryptKey) and a random IV, sha256 signature over the exact
// compact JSON body).

export const TENANT = '2ca1d211f64f6438';
export const APP_ID = 'cli_9f5343c580712544';

let counter = 0;
const next = () => `${Date.now().toString(16)}${(counter++).toString(16).padStart(6, '0')}`;

export interface MessageSpec {
  text: string;
  senderOpenId: string;
  chatId?: string;
  chatType?: 'group' | 'p2p';
  /** People mentioned, in order; `@_user_N` placeholders are put in the text for them. */
  mentions?: { openId: string; name: string; isBot?: boolean }[];
  messageId?: string;
  eventId?: string;
  token: string;
  messageType?: string;
  /** When the sender sent it (message.create_time); now by default. */
  sentAt?: Date;
}

/** An `im.message.receive_v1` envelope, shaped like the official group sample. */
export function messageEvent(spec: MessageSpec): Record<string, unknown> {
  const mentions = (spec.mentions ?? []).map((m, i) => ({
    key: `@_user_${i + 1}`, id: { union_id: `on_${m.openId}`, user_id: m.openId.slice(3, 11), open_id: m.openId }, name: m.name, tenant_key: TENANT,
    mentioned_type: m.isBot ? 'bot' : 'user',
  }));
  return {
    schema: '2.0',
    header: { event_id: spec.eventId ?? `ev${next()}`, event_type: 'im.message.receive_v1', create_time: String(Date.now()), token: spec.token, app_id: APP_ID, tenant_key: TENANT },
    event: {
      sender: { sender_id: { union_id: `on_${spec.senderOpenId}`, user_id: spec.senderOpenId.slice(3, 11), open_id: spec.senderOpenId }, sender_type: 'user', tenant_key: TENANT },
      message: {
        message_id: spec.messageId ?? `om_${next()}`, create_time: String(spec.sentAt?.getTime() ?? Date.now()), update_time: String(Date.now()),
        chat_id: spec.chatId ?? 'oc_group000000000001', chat_type: spec.chatType ?? 'group', message_type: spec.messageType ?? 'text',
        content: JSON.stringify({ text: spec.text }), ...(mentions.length > 0 ? { mentions } : {}),
      },
    },
  };
}

/** A `card.action.trigger` callback, shaped like the official sample (create_time in µs). */
export function cardActionEvent(spec: { value: Record<string, string>; operatorOpenId: string; chatId?: string; messageId?: string; token: string; eventId?: string }): Record<string, unknown> {
  return {
    schema: '2.0',
    header: { event_id: spec.eventId ?? `ca${next()}`, token: spec.token, create_time: String(Date.now() * 1000), event_type: 'card.action.trigger', tenant_key: TENANT, app_id: APP_ID },
    event: {
      operator: { tenant_key: TENANT, user_id: spec.operatorOpenId.slice(3, 11), open_id: spec.operatorOpenId, union_id: `on_${spec.operatorOpenId}` },
      token: `c-${next()}`,
      action: { value: spec.value, tag: 'button', timezone: 'Asia/Shanghai', name: 'Button_checkin' },
      host: 'im_message',
      context: { open_message_id: spec.messageId ?? `om_card${next()}`, open_chat_id: spec.chatId ?? 'oc_group000000000001' },
    },
  };
}

/** Any other v2 event. */
export function otherEvent(eventType: string, event: Record<string, unknown>, token: string): Record<string, unknown> {
  return {
    schema: '2.0',
    header: { event_id: `ev${next()}`, event_type: eventType, create_time: String(Date.now()), token, app_id: APP_ID, tenant_key: TENANT },
    event,
  };
}

export function feishuEncrypt(plain: string, encryptKey: string): string {
  const key = createHash('sha256').update(encryptKey).digest();
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([iv, cipher.update(plain, 'utf8'), cipher.final()]).toString('base64');
}

export function feishuSign(timestamp: string, nonce: string, encryptKey: string, body: string): string {
  return createHash('sha256').update(timestamp + nonce + encryptKey + body).digest('hex');
}

/** The body and headers of a request as Feishu sends it: encrypted and signed when a key is set. */
export function feishuRequest(envelope: unknown, encryptKey?: string, timestampSeconds = Math.floor(Date.now() / 1000)) {
  const body = encryptKey ? JSON.stringify({ encrypt: feishuEncrypt(JSON.stringify(envelope), encryptKey) }) : JSON.stringify(envelope);
  const timestamp = String(timestampSeconds);
  const nonce = randomBytes(8).toString('hex');
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (encryptKey) Object.assign(headers, { 'x-lark-request-timestamp': timestamp, 'x-lark-request-nonce': nonce, 'x-lark-signature': feishuSign(timestamp, nonce, encryptKey, body) });
  return { body, headers };
}
