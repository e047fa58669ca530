import type { CommandContext } from './command.js';
import type { IncomingMessage, OutgoingMessage, Recipient, Reply } from './types.js';

/** The chat a message came from. */
export function chatOf(msg: IncomingMessage): Recipient {
  return { platform: msg.platform, tenant: msg.tenant, kind: 'chat', id: msg.chatId };
}

/** The sender of a message, in private. */
export function senderOf(msg: IncomingMessage): Recipient {
  return { platform: msg.platform, tenant: msg.tenant, kind: 'user', id: msg.senderId, label: msg.senderName ?? msg.senderId };
}

/** An answer in the chat the message came from, threaded to it. */
export function answer(msg: IncomingMessage, message: OutgoingMessage | string, tone?: OutgoingMessage['tone']): Reply {
  const body = typeof message === 'string' ? { lines: [message] } : message;
  return { to: chatOf(msg), message: tone ? { ...body, tone } : body, ...(msg.messageId ? { inReplyTo: msg.messageId } : {}) };
}

/**
 * An answer for the sender's eyes only. In a group the group hears a short note and the
 * content goes to the sender in private; in private chat it is simply the answer.
 */
export function answerPrivately(ctx: Pick<CommandContext, 'msg'>, message: OutgoingMessage, groupNote = '详情已私信发给你。'): Reply[] {
  if (ctx.msg.chatType === 'p2p') return [answer(ctx.msg, message)];
  return [answer(ctx.msg, groupNote), { to: senderOf(ctx.msg), message }];
}
