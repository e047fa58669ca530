import type { Db } from '../db/client.js';
import { buildTreePack } from './build-tree-pack.js';
import type { LedgerFile } from './build-ledger-workbook.js';
import { loadTreePack, type PackProgress } from './load-tree-pack.js';

export interface TreePackExport {
  rootIds: readonly number[] | 'all';
  year: number;
  now: Date;
  defaultZone: string;
  /** Who takes the data out: an AuditLog actor. */
  actor: string;
  actorMemberId?: number | null;
  via: 'chat' | 'cli' | 'link';
  onProgress?: PackProgress;
}

/**
 * Builds the upper level's year-end pack and records that it left the system: it holds every
 * branch's rosters and dues, so like a branch's ledger each export has an audit row.
 */
export async function exportTreePack(db: Db, request: TreePackExport): Promise<LedgerFile & { branches: number; members: number }> {
  const pack = await loadTreePack(db, request.rootIds, request.year, request.now, request.defaultZone, request.onProgress);
  const file = await buildTreePack(pack);
  const members = pack.branches.reduce((n, b) => n + b.ledger.members.length, 0);
  await db.auditLog.create({
    data: {
      actor: request.actor,
      actorMemberId: request.actorMemberId ?? null,
      action: 'tree.export',
      entity: 'Organization',
      entityId: request.rootIds === 'all' ? null : request.rootIds.join(','),
      organizationId: request.rootIds === 'all' ? null : (request.rootIds[0] ?? null),
      detail: { year: request.year, via: request.via, file: file.name, branches: pack.branches.length, members },
    },
  });
  return { ...file, branches: pack.branches.length, members };
}
