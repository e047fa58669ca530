import type { Db } from './client.js';
import { placeholders } from './raw-values.js';

/** Where one copy of a live message was sent. */
export interface LiveCopy {
  platform: string;
  tenant: string;
  chatId: string;
  messageId: string;
}

/**
 * The sent copies of a live message, oldest first, at most `limit`: one raw statement, since
 * every check-in asks whether its activity's card was posted (usually it was not, or once).
 */
export async function readLiveCopies(db: Db, liveKey: string, limit: number): Promise<LiveCopy[]> {
  const p = placeholders(db);
  const sql = `SELECT "platform", "tenant", "chatId", "messageId" FROM "LiveMessage" WHERE "liveKey" = ${p(1)} ORDER BY "id" LIMIT ${p(2)}`;
  return db.$queryRawUnsafe<LiveCopy[]>(sql, liveKey, limit);
}
