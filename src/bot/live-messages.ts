import type { Db } from '../db/client.js';
import { readLiveCopies } from '../db/read-live-messages.js';
import type { OutgoingMessage, PlatformName, Recipient, Reply } from './types.js';

/** Where platforms report the messages they sent with a `liveKey`, so later changes can edit them. */
export interface LiveMessageStore {
  record(liveKey: string, to: Recipient, messageId: string): Promise<void>;
  /** Where a recorded message was sent (a card click names only its card); undefined when it was not recorded. */
  locate(platform: PlatformName, messageId: string): Promise<{ tenant: string; chatId: string } | undefined>;
}

export function createLiveMessageStore(db: Db): LiveMessageStore {
  return {
    async record(liveKey, to, messageId) {
      await db.liveMessage.upsert({
        where: { platform_messageId: { platform: to.platform, messageId } },
        create: { liveKey, platform: to.platform, tenant: to.tenant, chatId: to.id, messageId },
        update: {},
      });
    },
    async locate(platform, messageId) {
      const sent = await db.liveMessage.findUnique({ where: { platform_messageId: { platform, messageId } }, select: { tenant: true, chatId: true } });
      return sent ?? undefined;
    },
  };
}

/** Replies that edit every sent copy of a live message to show what `render` makes (only built when there is a copy). */
export async function refreshLiveMessages(db: Db, liveKey: string, render: () => Promise<OutgoingMessage>): Promise<Reply[]> {
  const sent = await readLiveCopies(db, liveKey, 20);
  if (sent.length === 0) return [];
  const message = await render();
  return sent.map((m) => ({
    to: { platform: m.platform as PlatformName, tenant: m.tenant, kind: 'chat', id: m.chatId },
    message: { ...message, liveKey },
    replaceMessageId: m.messageId,
  }));
}
