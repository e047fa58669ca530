import type { Db } from '../db/client.js';
import { formatPeriod, type LedgerPeriod } from '../domain/ledger-period.js';
import { buildLedgerWorkbook, type LedgerFile } from './build-ledger-workbook.js';
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
}

/**
 * Builds a branch's ledger workbook for a period and records that it left the system: the
 * file holds personal data (names, admission dates, dues), so every export, however it is
 * delivered, has an audit row.
 */
export async function exportLedger(db: Db, request: LedgerExport): Promise<LedgerFile & { members: number; activities: number }> {
  const data = await loadLedger(db, request.branchId, request.period, request.now, request.defaultZone);
  const file = await buildLedgerWorkbook(data);
  await db.auditLog.create({
    data: {
      actor: request.actor,
      actorMemberId: request.actorMemberId ?? null,
      action: 'ledger.export',
      entity: 'Organization',
      entityId: String(request.branchId),
      organizationId: request.branchId,
      detail: { period: formatPeriod(request.period), via: request.via, file: file.name, members: data.members.length, activities: data.activities.length },
    },
  });
  return { ...file, members: data.members.length, activities: data.activities.length };
}
