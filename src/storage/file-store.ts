import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Db, MeetingFile } from '../db/client.js';
import { sniffFileType, type FileType } from './file-types.js';

/** Who sent a file and what it belongs to: the metadata kept with its bytes. */
export interface NewFileMeta {
  /** The name it was sent with; a photo without one is called 照片.<ext>. */
  name: string;
  activityId: number;
  recordId?: number | null;
  dialogueId?: number | null;
  uploadedById: number | null;
  uploadedAt: Date;
}

export type FileRefusal = 'too_large' | 'wrong_type' | 'empty';
export type FileCheck = { ok: true; type: FileType } | { ok: false; reason: FileRefusal };
export type PutResult = { ok: true; file: MeetingFile } | { ok: false; reason: FileRefusal };

/**
 * Where the photos and files of meeting records are kept. The metadata is always a
 * `MeetingFile` row; the bytes are on disk or in the database, which the rest of zhibu never
 * needs to know. Nothing here serves a file: they leave only in an export (a platform upload
 * or a signed link).
 *
 * @example
 * const put = await store.put(bytes, { name: '合影.jpg', activityId: 12, uploadedById: 3, uploadedAt: now });
 * if (put.ok) (await store.get(put.file.id))?.bytes;
 */
export interface FileStore {
  /** The largest file accepted, in bytes. */
  readonly maxBytes: number;
  /** Size and type (by content) of a file before it is kept. */
  check(bytes: Buffer, name: string): FileCheck;
  put(bytes: Buffer, meta: NewFileMeta): Promise<PutResult>;
  get(id: number): Promise<{ file: MeetingFile; bytes: Buffer } | undefined>;
  delete(id: number): Promise<void>;
  /**
   * Removes bytes on disk that no row names any more (a row deleted with its activity or by an
   * erasure, a crash between the bytes and the row), written more than an hour before `now`.
   */
  sweep(now: Date): Promise<number>;
}

const SWEEP_GRACE_MS = 60 * 60_000;

export type FileStoreOptions = { kind: 'disk'; dir: string; maxBytes: number } | { kind: 'database'; maxBytes: number };

export function createFileStore(db: Db, options: FileStoreOptions): FileStore {
  const check = (bytes: Buffer, name: string): FileCheck => {
    if (bytes.length === 0) return { ok: false, reason: 'empty' };
    if (bytes.length > options.maxBytes) return { ok: false, reason: 'too_large' };
    const type = sniffFileType(bytes, name);
    return type ? { ok: true, type } : { ok: false, reason: 'wrong_type' };
  };
  const pathOf = (dir: string, sha256: string) => join(dir, sha256.slice(0, 2), sha256);
  return {
    maxBytes: options.maxBytes,
    check,
    async put(bytes, meta) {
      const checked = check(bytes, meta.name);
      if (!checked.ok) return checked;
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const row = {
        ...meta, recordId: meta.recordId ?? null, dialogueId: meta.dialogueId ?? null,
        name: nameFor(meta.name, checked.type), mimeType: checked.type.mimeType, size: bytes.length, sha256, storage: options.kind,
      };
      if (options.kind === 'database') {
        return { ok: true, file: await db.meetingFile.create({ data: { ...row, blob: { create: { bytes: new Uint8Array(bytes) } } } }) };
      }
      // The bytes land before the row names them: a crash in between leaves a file nobody
      // names, never a row without its file. Named by content, so a photo sent twice is kept once.
      const path = pathOf(options.dir, sha256);
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      const partial = `${path}.${process.pid}.partial`;
      await writeFile(partial, bytes, { mode: 0o600 });
      await rename(partial, path);
      return { ok: true, file: await db.meetingFile.create({ data: row }) };
    },
    async get(id) {
      const file = await db.meetingFile.findUnique({ where: { id } });
      if (!file) return undefined;
      if (file.storage === 'database') {
        const blob = await db.meetingFileBlob.findUnique({ where: { fileId: id } });
        return blob ? { file, bytes: Buffer.from(blob.bytes) } : undefined;
      }
      if (options.kind !== 'disk') throw new Error(`file ${id} is on disk, and ZHIBU_FILES_STORE is database`);
      return { file, bytes: await readFile(pathOf(options.dir, file.sha256)) };
    },
    async delete(id) {
      const file = await db.meetingFile.findUnique({ where: { id } });
      if (!file) return;
      await db.meetingFile.delete({ where: { id } });
      if (file.storage !== 'disk' || options.kind !== 'disk') return;
      const others = await db.meetingFile.count({ where: { sha256: file.sha256, storage: 'disk' } });
      if (others > 0) return;
      const path = pathOf(options.dir, file.sha256);
      await unlink(path).catch(() => undefined);
      // The prefix folder goes once empty; rmdir refuses a folder that still holds a file.
      await rmdir(dirname(path)).catch(() => undefined);
    },
    async sweep(now) {
      if (options.kind !== 'disk') return 0;
      const folders = await readdir(options.dir).catch(() => [] as string[]);
      let removed = 0;
      for (const folder of folders.filter((name) => /^[0-9a-f]{2}$/u.test(name))) {
        for (const name of await readdir(join(options.dir, folder))) {
          const path = join(options.dir, folder, name);
          // A file being written now has no row yet: only what is older than an hour may go.
          const isOld = (await stat(path)).mtimeMs < now.getTime() - SWEEP_GRACE_MS;
          const isNamed = /^[0-9a-f]{64}$/u.test(name) && (await db.meetingFile.count({ where: { sha256: name, storage: 'disk' } })) > 0;
          if (!isOld || isNamed) continue;
          await unlink(path).catch(() => undefined);
          removed += 1;
        }
        await rmdir(join(options.dir, folder)).catch(() => undefined);
      }
      return removed;
    },
  };
}

/** The name kept: as sent, with the extension the content has (a .png sent as .jpg is a .png). */
function nameFor(sent: string, type: FileType): string {
  const base = sent.trim().replace(/[\\/:*?"<>|\p{Cc}]/gu, '_').replace(/\.[^.]*$/u, '').slice(0, 80);
  return `${base || (type.isImage ? '照片' : '文件')}.${type.ext}`;
}
