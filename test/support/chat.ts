import { createConversation } from '../../src/bot/handle-message.js';
import { allCommands } from '../../src/bot/commands/index.js';
import { createRegistry } from '../../src/bot/registry.js';
import type { Attachment, FetchAttachment, IncomingMessage, Mention, Reply } from '../../src/bot/types.js';
import type { Db } from '../../src/db/client.js';
import { silentLogger } from '../../src/logger.js';
import type { FileStore } from '../../src/storage/file-store.js';
import { CONSOLE_GROUP_CHAT } from '../../src/platforms/console/console-platform.js';
import { renderText } from '../../src/platforms/console/render-text.js';

export interface SayOptions {
  chat?: 'group' | 'p2p';
  chatId?: string;
  mentionedBot?: boolean;
  mentions?: Mention[];
  eventId?: string;
  action?: Record<string, string>;
  attachment?: Attachment;
}

/**
 * A chat transcript against the real conversation core and a real database: say a line as
 * someone, read the replies. Speakers are console accounts (the name is the account id).
 */
export function createTestChat(db: Db, options: { now: Date | string; admins?: string[]; zone?: string; fetchAttachment?: FetchAttachment; files?: FileStore }) {
  let now = new Date(options.now);
  let counter = 0;
  const handle = createConversation({
    db,
    registry: createRegistry(allCommands),
    admins: new Set(options.admins ?? []),
    defaultZone: options.zone ?? 'Asia/Shanghai',
    log: silentLogger,
    clock: () => now,
    ...(options.fetchAttachment ? { fetchAttachment: options.fetchAttachment } : {}),
    ...(options.files ? { files: options.files } : {}),
  });
  return {
    handle,
    setNow(instant: Date | string) {
      now = new Date(instant);
    },
    message(speaker: string, text: string, opts: SayOptions = {}): IncomingMessage {
      counter += 1;
      const chatType = opts.chat ?? 'group';
      return {
        platform: 'console', tenant: 'local',
        chatId: opts.chatId ?? (chatType === 'group' ? CONSOLE_GROUP_CHAT : `p2p:${speaker}`), chatType,
        senderId: speaker, senderName: speaker, text,
        mentionedBot: opts.mentionedBot ?? true, mentions: opts.mentions ?? [],
        eventId: opts.eventId ?? `test-${counter}-${Math.random().toString(36).slice(2)}`,
        ...(opts.action ? { action: opts.action } : {}),
        ...(opts.attachment ? { attachment: opts.attachment } : {}),
      };
    },
    async say(speaker: string, text: string, opts: SayOptions = {}): Promise<Reply[]> {
      return handle(this.message(speaker, text, opts));
    },
  };
}

/** The replies as one text, each prefixed with where it goes: "[chat]" or "[@name]". */
export function transcript(replies: Reply[]): string {
  return replies.map((r) => `${r.to.kind === 'chat' ? '[chat]' : `[@${r.to.id}]`} ${renderText(r.message)}`).join('\n');
}

/** What went to the chat the message came from. */
export function chatText(replies: Reply[]): string {
  return replies.filter((r) => r.to.kind === 'chat').map((r) => renderText(r.message)).join('\n');
}

/** What went to one person in private. */
export function privateText(replies: Reply[], userId: string): string {
  return replies.filter((r) => r.to.kind === 'user' && r.to.id === userId).map((r) => renderText(r.message)).join('\n');
}
