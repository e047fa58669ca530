import type { CombinableReply, IncomingMessage, OutgoingFile, OutgoingMessage, Reply } from '../bot/types.js';
import type { Db, Prisma } from '../db/client.js';

/** The outbox kind of a reply to a message (reminders have their own kinds). */
export const REPLY_KIND = 'reply';

/**
 * What a reply row carries: the message (a file's content as base64, since the row is JSON)
 * and the message it answers, for threading.
 */
interface ReplyPayload {
  message: Omit<OutgoingMessage, 'file'> & { file?: Omit<OutgoingFile, 'content'> & { base64: string } };
  inReplyTo?: string;
  combine?: CombinableReply;
}

/**
 * The outbox rows for the replies to one message, to be written in the transaction that marks
 * the message handled: a reply is durable before the message counts as done, and it is one
 * row per reply with a key made of the event id, so it is never queued twice. Edits of earlier
 * messages (a live card's count) are not queued: the next edit carries the same news.
 */
export function replyRows(db: Db, msg: IncomingMessage, replies: readonly Reply[], now: Date, staleAfterMs: number): { writes: Prisma.PrismaPromise<unknown>[]; edits: Reply[] } {
  const edits = replies.filter((r) => r.replaceMessageId);
  const sends = replies.filter((r) => !r.replaceMessageId);
  if (sends.length === 0) return { writes: [], edits };
  const expiresAt = new Date(now.getTime() + staleAfterMs);
  const data = sends.map((r, index) => {
    const { file, ...message } = r.message;
    const stored: ReplyPayload['message'] = file ? { ...message, file: { ...withoutContent(file), base64: file.content.toString('base64') } } : message;
    const payload: ReplyPayload = { message: stored, ...(r.inReplyTo ? { inReplyTo: r.inReplyTo } : {}), ...(r.combine ? { combine: r.combine } : {}) };
    return {
      idempotencyKey: `${REPLY_KIND}:${msg.platform}:${msg.eventId}:${index}`, kind: REPLY_KIND, platform: r.to.platform, tenant: r.to.tenant,
      targetKind: r.to.kind, targetId: r.to.id, payload: JSON.parse(JSON.stringify(payload)) as Prisma.InputJsonValue,
      dueAt: now, expiresAt, status: 'pending' as const, createdAt: now, updatedAt: now,
    };
  });
  return { writes: [db.notification.createMany({ data })], edits };
}

/** The message and send options of a stored reply. */
export function readReplyPayload(payload: unknown): { message: OutgoingMessage; inReplyTo?: string; combine?: CombinableReply } {
  const stored = payload as ReplyPayload;
  const { file, ...rest } = stored.message;
  const message: OutgoingMessage = file ? { ...rest, file: { ...withoutBase64(file), content: Buffer.from(file.base64, 'base64') } } : rest;
  return { message, ...(stored.inReplyTo ? { inReplyTo: stored.inReplyTo } : {}), ...(stored.combine ? { combine: stored.combine } : {}) };
}

/** The combine key of a stored reply's payload; undefined when it goes alone. */
export function combineKeyOf(payload: unknown): string | undefined {
  const combine = (payload as Partial<ReplyPayload> | null)?.combine;
  return typeof combine?.key === 'string' ? combine.key : undefined;
}

/** At most this many replies go as one message: a long list of names is still read on a phone. */
export const MAX_COMBINED = 50;

/**
 * One message for several waiting replies of the same combine key, in their order: the first
 * one's message (its tone, its thread) with the subjects listed once.
 */
export function combinedMessage(parts: readonly { message: OutgoingMessage; combine: CombinableReply }[]): OutgoingMessage {
  const [first] = parts;
  if (!first) throw new Error('combinedMessage needs at least one reply');
  if (parts.length === 1) return first.message;
  return { ...first.message, lines: [`${parts.map((p) => p.combine.subject).join('、')}${first.combine.predicate}`] };
}

function withoutContent(file: OutgoingFile): Omit<OutgoingFile, 'content'> {
  const { content: _content, ...rest } = file;
  return rest;
}

function withoutBase64<T extends { base64: string }>(file: T): Omit<T, 'base64'> {
  const { base64: _base64, ...rest } = file;
  return rest;
}
