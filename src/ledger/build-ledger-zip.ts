import { DateTime } from 'luxon';
import type { FileStore } from '../storage/file-store.js';
import type { LedgerFile } from './build-ledger-workbook.js';
import type { LedgerData } from './load-ledger.js';

/**
 * The ledger as a .zip: the workbook at the top, and each meeting's photos and files in a
 * folder named by its local date and title (`2026-11-06 支委会/照片1.jpg`), as an office
 * files them. Photos are numbered in the order they were sent; other files keep their names.
 */
export async function buildLedgerZip(data: LedgerData, workbook: LedgerFile, files: FileStore): Promise<LedgerFile & { fileCount: number }> {
  // Pure JS and loaded only for this export, like exceljs (docs/PERFORMANCE.md).
  const { default: JSZip } = await import('jszip');
  const zip = new JSZip();
  zip.file(workbook.name, workbook.content, { date: data.generatedAt });
  const folders = new Set<string>();
  let fileCount = 0;
  for (const activity of data.activities) {
    const kept = activity.record?.files ?? [];
    if (kept.length === 0) continue;
    const day = DateTime.fromJSDate(activity.startsAt, { zone: data.zone }).toISODate() ?? '';
    let folder = safeName(`${day} ${activity.title}`);
    if (folders.has(folder)) folder = `${folder}（${activity.id}）`;
    folders.add(folder);
    const names = new Set<string>();
    let photo = 0;
    for (const file of kept) {
      const stored = await files.get(file.id);
      if (!stored) continue;
      const ext = /\.[^.]+$/u.exec(file.name)?.[0] ?? '';
      let name = file.mimeType.startsWith('image/') ? `照片${(photo += 1)}${ext}` : safeName(file.name);
      for (let n = 2; names.has(name); n += 1) name = `${safeName(file.name.replace(/\.[^.]+$/u, ''))}（${n}）${ext}`;
      names.add(name);
      zip.file(`${folder}/${name}`, stored.bytes, { date: stored.file.uploadedAt, binary: true });
      fileCount += 1;
    }
  }
  const content = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 }, platform: 'UNIX' });
  return { name: workbook.name.replace(/\.xlsx$/u, '.zip'), content, fileCount };
}

/** Without the characters file systems refuse in a name. */
function safeName(text: string): string {
  return text.replace(/[\\/:*?"<>|\p{Cc}]+/gu, '_').trim().slice(0, 80);
}
