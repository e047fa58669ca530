import { z } from 'zod';
import type { Attachment, IncomingMessage, Mention } from '../../bot/types.js';

// The robot message, the same body in Stream mode (the frame's `data`) and in the HTTP
// callback (notes/platforms.md, sections g and h). Only the fields zhibu reads are declared.
const robotMessage = z.object({
  msgId: z.string().min(1),
  msgtype: z.string(),
  conversationId: z.string().min(1),
  // "1" = 单聊 (private), "2" = 群聊 (group); a string in every sample.
  conversationType: z.coerce.string().pipe(z.enum(['1', '2'])),
  // The sender's enterprise userid: what 1:1 sends take. Missing until the robot is published.
  senderStaffId: z.string().min(1).optional(),
  senderCorpId: z.string().min(1).optional(),
  senderNick: z.string().optional(),
  chatbotCorpId: z.string().optional(),
  // The bot's own encrypted id; it is in `atUsers` when the bot is mentioned.
  chatbotUserId: z.string().optional(),
  isInAtList: z.boolean().optional(),
  atUsers: z.array(z.object({ dingtalkId: z.string().optional(), staffId: z.string().optional() })).nullish(),
  sessionWebhook: z.string().optional(),
  // Milliseconds since the epoch; about 90 minutes after the message.
  sessionWebhookExpiredTime: z.number().optional(),
  // When the message was sent, milliseconds since the epoch: what a check-in counts from.
  createAt: z.number().optional(),
  text: z.object({ content: z.string() }).optional(),
  content: z.unknown().optional(),
});

/** Where a reply to a conversation can go without the OpenAPI, and who the conversation is with. */
export interface ConversationInfo {
  /** The chat id zhibu knows it by: a group's conversationId, or `privateChatId(staffId)`. */
  conversationId: string;
  tenant: string;
  isPrivate: boolean;
  /** In a private conversation: the person's staffId. */
  staffId: string;
  sessionWebhook?: string | undefined;
  sessionWebhookExpiresAt?: number | undefined;
}

const PRIVATE_CHAT = 'staff:';

/**
 * The chat id zhibu gives a private conversation: its person, not DingTalk's conversationId.
 * A reply waits in the outbox under this id; after a restart, when the conversation is no
 * longer remembered, it still reaches the person (by `oToMessages/batchSend`), where a
 * conversationId alone would be taken for a group.
 */
export function privateChatId(staffId: string): string {
  return `${PRIVATE_CHAT}${staffId}`;
}

/** The person of a private chat id; undefined for a group's conversationId. */
export function staffOfPrivateChat(chatId: string): string | undefined {
  return chatId.startsWith(PRIVATE_CHAT) && chatId.length > PRIVATE_CHAT.length ? chatId.slice(PRIVATE_CHAT.length) : undefined;
}

export type RobotMessageReading =
  | { kind: 'message'; msg: IncomingMessage; conversation: ConversationInfo }
  | { kind: 'ignored'; reason: string }
  | { kind: 'invalid'; reason: string };

/**
 * A robot message as an `IncomingMessage`. The text loses DingTalk's leading space (left where
 * the bot's mention was cut out); the people mentioned come from `atUsers` (the bot excluded),
 * named after the `@name`s of the text where the two line up, else by staffId. Identity is
 * `senderCorpId` + `senderStaffId`; the chat is a group's `conversationId`, or the person of a
 * private one (`privateChatId`); de-duplicated by `msgId`.
 */
export function readRobotMessage(data: unknown): RobotMessageReading {
  const parsed = robotMessage.safeParse(data);
  if (!parsed.success) return { kind: 'invalid', reason: `not a robot message: ${parsed.error.issues[0]?.path.join('.') ?? '?'} ${parsed.error.issues[0]?.message ?? ''}`.trim() };
  const m = parsed.data;
  const tenant = m.senderCorpId ?? m.chatbotCorpId;
  if (!m.senderStaffId || !tenant) return { kind: 'ignored', reason: 'no senderStaffId or corp id (an outside user, or a robot not yet published)' };
  const isPrivate = m.conversationType === '1';
  const raw = textOf(m.msgtype, m.text?.content, m.content) ?? (isPrivate ? `[${m.msgtype}]` : undefined);
  if (raw === undefined) return { kind: 'ignored', reason: `a ${m.msgtype} message in a group` };
  const text = raw.replace(/\s+/gu, ' ').trim();

  const people = (m.atUsers ?? []).filter((u) => u.dingtalkId !== m.chatbotUserId && u.staffId);
  const names = [...text.matchAll(/@([^\s@]+)/gu)].map((match) => match[1] ?? '');
  // DingTalk lists the mentioned people without their names; the text shows the names. They
  // are paired in order only when the counts agree, so a name is never given to someone else.
  const isPaired = names.length === people.length;
  const mentions: Mention[] = people.map((u, i) => ({ userId: u.staffId ?? '', name: (isPaired ? names[i] : undefined) ?? u.staffId ?? '' }));
  const isBotMentioned = m.isInAtList === true || (m.atUsers ?? []).some((u) => u.dingtalkId !== undefined && u.dingtalkId === m.chatbotUserId);
  const chatId = isPrivate ? privateChatId(m.senderStaffId) : m.conversationId;

  return {
    kind: 'message',
    msg: {
      platform: 'dingtalk', tenant, chatId, chatType: isPrivate ? 'p2p' : 'group', senderId: m.senderStaffId,
      ...(m.senderNick ? { senderName: m.senderNick } : {}),
      text, mentionedBot: isBotMentioned, mentions, eventId: m.msgId,
      ...(m.createAt !== undefined ? { sentAt: new Date(m.createAt) } : {}),
      ...(isPrivate ? attachmentOf(m.msgtype, m.msgId, m.content) : {}),
    },
    conversation: {
      conversationId: chatId, tenant, isPrivate, staffId: m.senderStaffId,
      sessionWebhook: m.sessionWebhook, sessionWebhookExpiresAt: m.sessionWebhookExpiredTime,
    },
  };
}

const downloadable = z.object({ downloadCode: z.string().min(1).max(2000), fileName: z.string().min(1).max(200).optional() });

/**
 * A picture (`{"downloadCode":"…"}`) or a file (`{"downloadCode":"…","fileName":"纪要.docx"}`)
 * sent in private, fetched later through /v1.0/robot/messageFiles/download.
 */
function attachmentOf(msgtype: string, msgId: string, content: unknown): { attachment: Attachment } | Record<string, never> {
  if (msgtype !== 'picture' && msgtype !== 'file') return {};
  const parsed = downloadable.safeParse(content);
  if (!parsed.success) return {};
  const isPicture = msgtype === 'picture';
  return { attachment: { key: parsed.data.downloadCode, messageId: msgId, name: parsed.data.fileName ?? (isPicture ? '照片' : '文件'), kind: isPicture ? 'image' : 'file' } };
}

/** The words of a text, rich-text or voice message (DingTalk transcribes voice); undefined for others. */
function textOf(msgtype: string, text: string | undefined, content: unknown): string | undefined {
  if (msgtype === 'text') return text;
  if (typeof content !== 'object' || content === null) return undefined;
  if (msgtype === 'richText') {
    const parts = (content as { richText?: unknown }).richText;
    if (!Array.isArray(parts)) return undefined;
    return parts.map((part: unknown) => (typeof (part as { text?: unknown }).text === 'string' ? (part as { text: string }).text : '')).join('');
  }
  if (msgtype === 'audio') {
    const recognition = (content as { recognition?: unknown }).recognition;
    return typeof recognition === 'string' ? recognition : undefined;
  }
  return undefined;
}
