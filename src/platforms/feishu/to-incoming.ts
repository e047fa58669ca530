import { z } from 'zod';
import type { Attachment, IncomingMessage, Mention } from '../../bot/types.js';

// Shapes of the events zhibu reads, after the SDK has flattened header and event into one
// object (notes/platforms.md, section a). Only the fields used are declared; anything that
// does not fit is ignored rather than trusted.

const userId = z.object({ open_id: z.string().min(1) });

const messageEvent = z.object({
  event_id: z.string().optional(),
  tenant_key: z.string().min(1),
  sender: z.object({ sender_id: userId, sender_type: z.string().optional() }),
  message: z.object({
    message_id: z.string().min(1),
    // When it was sent, in milliseconds: what a check-in counts from.
    create_time: z.string().regex(/^\d+$/).optional(),
    chat_id: z.string().min(1),
    chat_type: z.enum(['p2p', 'group']),
    message_type: z.string(),
    content: z.string(),
    mentions: z.array(z.object({ key: z.string(), id: userId.partial(), name: z.string().optional(), mentioned_type: z.string().optional() })).nullish(),
  }),
});

const cardActionEvent = z.object({
  event_id: z.string().min(1),
  // The header's create_time, flattened by the SDK; microseconds for card callbacks.
  create_time: z.string().regex(/^\d+$/).optional(),
  tenant_key: z.string().min(1),
  operator: userId,
  action: z.object({ value: z.record(z.string(), z.unknown()) }),
  context: z.object({ open_message_id: z.string().min(1), open_chat_id: z.string().min(1) }),
});

const menuEvent = z.object({
  event_id: z.string().min(1),
  tenant_key: z.string().min(1),
  operator: z.object({ operator_id: userId, operator_name: z.string().optional() }),
  event_key: z.string().min(1),
});

const botAddedEvent = z.object({ event_id: z.string().min(1), tenant_key: z.string().min(1), chat_id: z.string().min(1) });

export interface BotIdentity {
  openId?: string | undefined;
  name?: string | undefined;
}

/**
 * A received chat message as an `IncomingMessage`, or undefined for messages zhibu does not
 * read (other bots, non-text). Mention placeholders (`@_user_1`) become `@name`; the bot's own
 * mention is removed and sets `mentionedBot`. De-duplicated by `message_id`: Feishu's receive
 * doc warns that event ids may repeat for one message.
 */
export function incomingFromMessage(data: unknown, bot: BotIdentity): IncomingMessage | undefined {
  const parsed = messageEvent.safeParse(data);
  if (!parsed.success) return undefined;
  const { sender, message, tenant_key: tenant } = parsed.data;
  if (sender.sender_type && sender.sender_type !== 'user') return undefined;
  // A picture or a file in private chat still deserves an answer; in a group it is chatter.
  let text = textOf(message.message_type, message.content) ?? (message.chat_type === 'p2p' ? `[${message.message_type}]` : undefined);
  if (text === undefined) return undefined;
  const mentions: Mention[] = [];
  let mentionedBot = false;
  const replacements = new Map<string, string>();
  for (const mention of message.mentions ?? []) {
    const isBot = bot.openId ? mention.id.open_id === bot.openId : mention.mentioned_type === 'bot' || (!!bot.name && mention.name === bot.name);
    const name = mention.name ?? mention.id.open_id ?? '';
    replacements.set(mention.key, isBot ? '' : `@${name}`);
    if (isBot) mentionedBot = true;
    else if (mention.id.open_id) mentions.push({ userId: mention.id.open_id, name });
  }
  text = replacePlaceholders(text, replacements);
  const attachment = message.chat_type !== 'p2p' ? undefined
    : message.message_type === 'file' ? fileOf(message.content, message.message_id)
      : message.message_type === 'image' ? imageOf(message.content, message.message_id) : undefined;
  return {
    platform: 'feishu', tenant, chatId: message.chat_id, chatType: message.chat_type,
    senderId: sender.sender_id.open_id, text: text.replace(/@_all/g, '').replace(/\s+/g, ' ').trim(),
    mentionedBot, mentions, eventId: message.message_id, messageId: message.message_id,
    ...(message.create_time ? { sentAt: new Date(Number(message.create_time)) } : {}),
    ...(attachment ? { attachment } : {}),
  };
}

/**
 * Replaces each mention placeholder by exact key in one pass, longest key first: `@_user_1`
 * must not eat the start of `@_user_10`, and a replacement is never scanned again.
 */
function replacePlaceholders(text: string, replacements: ReadonlyMap<string, string>): string {
  const keys = [...replacements.keys()].filter(Boolean).sort((a, b) => b.length - a.length);
  if (keys.length === 0) return text;
  const pattern = new RegExp(keys.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  return text.replace(pattern, (key) => replacements.get(key) ?? key);
}

/** A card button click, carrying the button's action; the chat type comes from the caller. */
export function incomingFromCardAction(data: unknown, chatType: 'group' | 'p2p'): (IncomingMessage & { cardMessageId: string }) | undefined {
  const parsed = cardActionEvent.safeParse(data);
  if (!parsed.success) return undefined;
  const { operator, action, context, tenant_key: tenant, event_id: eventId, create_time: createdMicros } = parsed.data;
  const value = Object.fromEntries(Object.entries(action.value).filter((e): e is [string, string] => typeof e[1] === 'string'));
  if (!value.command) return undefined;
  return {
    platform: 'feishu', tenant, chatId: context.open_chat_id, chatType, senderId: operator.open_id,
    text: value.command, mentionedBot: true, mentions: [], eventId, action: value, cardMessageId: context.open_message_id,
    ...(createdMicros ? { sentAt: new Date(Math.floor(Number(createdMicros) / 1000)) } : {}),
  };
}

/** The bot menu's keys (configure them in the developer console) and what each one says. */
export const MENU_COMMANDS: Record<string, string> = {
  checkin: '签到',
  my_records: '/me',
  branch_digest: '/digest',
};

/** A bot-menu tap as a message in the private chat with the bot. */
export function incomingFromMenu(data: unknown): IncomingMessage | undefined {
  const parsed = menuEvent.safeParse(data);
  if (!parsed.success) return undefined;
  const command = MENU_COMMANDS[parsed.data.event_key];
  if (!command) return undefined;
  const openId = parsed.data.operator.operator_id.open_id;
  // A menu tap has no chat id; the private chat is addressed by the person's open_id.
  return {
    platform: 'feishu', tenant: parsed.data.tenant_key, chatId: openId, chatType: 'p2p', senderId: openId,
    ...(parsed.data.operator.operator_name ? { senderName: parsed.data.operator.operator_name } : {}),
    // A tap is a command like a card's button, never the content of a meeting record being written.
    text: command, action: { command, via: 'menu' }, mentionedBot: true, mentions: [], eventId: parsed.data.event_id,
  };
}

/** The group the bot was just added to. */
export function groupFromBotAdded(data: unknown): { tenant: string; chatId: string; eventId: string } | undefined {
  const parsed = botAddedEvent.safeParse(data);
  return parsed.success ? { tenant: parsed.data.tenant_key, chatId: parsed.data.chat_id, eventId: parsed.data.event_id } : undefined;
}

const fileContent = z.object({ file_key: z.string().min(1).max(200), file_name: z.string().min(1).max(200) });

/** A file message's content: `{"file_key":"file_v3_…","file_name":"名册.xlsx"}`. */
function fileOf(content: string, messageId: string): Attachment | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    return undefined;
  }
  const file = fileContent.safeParse(parsed);
  return file.success ? { key: file.data.file_key, name: file.data.file_name, messageId, canImport: true } : undefined;
}

const imageContent = z.object({ image_key: z.string().min(1).max(200) });

/** An image message's content: `{"image_key":"img_v3_…"}`; a photo has no name of its own. */
function imageOf(content: string, messageId: string): Attachment | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    return undefined;
  }
  const image = imageContent.safeParse(parsed);
  return image.success ? { key: image.data.image_key, name: '照片', messageId, kind: 'image' } : undefined;
}

/** The text of a text or rich-text (post) message; undefined for other kinds. */
function textOf(messageType: string, content: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    return undefined;
  }
  if (messageType === 'text') {
    const text = (parsed as { text?: unknown }).text;
    return typeof text === 'string' ? text : undefined;
  }
  if (messageType === 'post') {
    const post = parsed as { content?: unknown };
    if (!Array.isArray(post.content)) return undefined;
    return post.content
      .flatMap((line: unknown): { tag?: string; text?: string; user_id?: string }[] => (Array.isArray(line) ? (line as { tag?: string }[]) : []))
      .map((part) => (part.tag === 'text' ? part.text ?? '' : part.tag === 'at' ? ` ${part.user_id ?? ''} ` : ''))
      .join('');
  }
  return undefined;
}
