import type { Db } from '../db/client.js';
import type { FileStore } from '../storage/file-store.js';

/** A lapsed dialogue is kept this long, so its writer is told it lapsed rather than misunderstood. */
const LAPSED_KEPT_MS = 86_400_000;

/**
 * Drops meeting-record dialogues that lapsed more than a day ago, with the files sent in them
 * (never saved to a record), then bytes on disk that no row names any more.
 */
export async function pruneLapsedDialogues(db: Db, files: FileStore, now: Date): Promise<{ dialogues: number; files: number; unreferenced: number }> {
  const lapsed = await db.recordDialogue.findMany({ where: { expiresAt: { lt: new Date(now.getTime() - LAPSED_KEPT_MS) } }, select: { id: true }, take: 500 });
  const ids = lapsed.map((d) => d.id);
  const pending = await db.meetingFile.findMany({ where: { dialogueId: { in: ids }, recordId: null }, select: { id: true } });
  for (const file of pending) await files.delete(file.id);
  const { count } = await db.recordDialogue.deleteMany({ where: { id: { in: ids } } });
  return { dialogues: count, files: pending.length, unreferenced: await files.sweep(now) };
}
