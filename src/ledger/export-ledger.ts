import type { Db } from '../db/client.js';
import { formatPeriod, type LedgerPeriod } from '../domain/ledger-period.js';
import type { FileStore } from '../storage/file-store.js';
import { buildLedgerWorkbook, type LedgerFile } from './build-ledger-workbook.js';
import { buildLedgerZip } from './build-ledger-zip.js';
import { loadLedger } from './load-ledger.js';

export interface LedgerExport {
  branchId: number;
  period: LedgerPeriod;
  now: Date;
  defaultZone: string;
  /** Who takes the data out: an AuditLog actor ("feishu:<tenant>:<id>", "cli"). */
  actor: string;
  actorMemberId?: number | null;
  /** How it leaves: sent in chat, written by the CLI, or downloaded by a signed link. */
  via: 'chat' | 'cli' | 'link';
  /** The workbook alone, or a .zip of it with the meeting records' photos and files. */
  format?: 'xlsx' | 'zip';
  /** Where the photos and files are: needed for a .zip. */
  files?: FileStore | undefined;
}

/**
 * Builds a branch's ledger workbook for a period and records that it left the system: the
 * file holds personal data (names, admission dates, dues), so every export, however it is
 * delivered, has an audit row.
 */
export async function exportLedger(db: Db, request: LedgerExport): Promise<LedgerFile & { members: number; activities: number; files: number }> {
  const data = await loadLedger(db, request.branchId, request.period, request.now, request.defaultZone);
  const workbook = await buildLedgerWorkbook(data);
  if (request.format === 'zip' && !request.files) throw new Error('a .zip ledger needs the file store');
  const file = request.format === 'zip' && request.files ? await buildLedgerZip(data, workbook, request.files) : { ...workbook, fileCount: 0 };
  await db.auditLog.create({
    data: {
      actor: request.actor,
      actorMemberId: request.actorMemberId ?? null,
      action: 'ledger.export',
      entity: 'Organization',
      entityId: String(request.branchId),
      organizationId: request.branchId,
      detail: { period: formatPeriod(request.period), via: request.via, file: file.name, members: data.members.length, activities: data.activities.length, ...(request.format === 'zip' ? { files: file.fileCount } : {}) },
    },
  });
  return { name: file.name, content: file.content, members: data.members.length, activities: data.activities.length, files: file.fileCount };
}
