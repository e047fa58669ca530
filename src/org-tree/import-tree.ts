import type { Db, Prisma } from '../db/client.js';
import { ORGANIZATION_KIND_ZH } from '../domain/organization-kinds.js';
import { readTreeRows } from '../domain/tree-rows.js';
import { readTable, TableError } from '../ledger/read-table.js';
import type { TreeActor } from './find-organization.js';

export interface TreeImportOutcome {
  ok: boolean;
  /** What to tell the person, in Chinese: the bad rows, or what was created. */
  lines: string[];
  created: number;
}

const MAX_ERRORS_SHOWN = 30;
const MAX_ROWS_SHOWN = 30;

/**
 * Creates a whole tree from one spreadsheet (.xlsx or .csv): 组织名称, 类型, 上级组织, 书记,
 * 任期开始, 任期结束. All or nothing: every row is checked first, then everything is written in
 * one transaction. A 书记 is an existing member of that name (their post is granted), or for a
 * branch a new member of its roster; each creation is audited.
 */
export interface TreeImportInput {
  fileName: string;
  content: Buffer;
  who: TreeActor;
  /** Check everything and say what would be created, writing nothing (the chat's preview). */
  isDryRun?: boolean;
  /**
   * Whether the importer may create an organisation under `parentId` (null: at the top), asked
   * for each row whose parent is not in the file. The CLI (the server's operator) may do anything.
   */
  mayCreateUnder?: (parentId: number | null) => Promise<boolean>;
}

export async function importTree(db: Db, input: TreeImportInput): Promise<TreeImportOutcome> {
  let table: string[][];
  try {
    table = await readTable(input.fileName, input.content);
  } catch (error) {
    if (error instanceof TableError) return { ok: false, lines: [error.message], created: 0 };
    throw error;
  }
  const live = await db.organization.findMany({ where: { dissolvedAt: null }, select: { id: true, name: true, kind: true } });
  const taken = await db.organization.findMany({ where: { dissolvedAt: { not: null } }, select: { name: true } });
  // A dissolved organisation keeps its name (its ledgers are read under it): the name is taken, not a parent.
  const reading = readTreeRows(table, new Map([...live.map((o) => [o.name, o.kind] as const)]));
  const errors = reading.ok ? [] : [...reading.errors];
  if (reading.ok) for (const r of reading.rows) if (taken.some((t) => t.name === r.name)) errors.push(`第 ${r.row} 行：「${r.name}」是已撤销组织的名称，请换一个名称。`);
  const secretaries = new Map<string, number | null>();
  if (reading.ok) {
    const names = [...new Set(reading.rows.flatMap((r) => (r.secretary ? [r.secretary] : [])))];
    const found = await db.member.findMany({ where: { name: { in: names }, leftAt: null }, select: { id: true, name: true } });
    for (const name of names) {
      const matches = found.filter((m) => m.name === name);
      secretaries.set(name, matches.length === 1 ? (matches[0]?.id ?? null) : matches.length === 0 ? null : -matches.length);
    }
    for (const r of reading.rows) {
      const id = r.secretary ? secretaries.get(r.secretary) : undefined;
      if (id !== undefined && id !== null && id < 0) errors.push(`第 ${r.row} 行：名册上有 ${-id} 位「${r.secretary ?? ''}」，无法确定是哪一位，请先在名册中区分。`);
      if (id === null && r.kind !== 'branch') errors.push(`第 ${r.row} 行：书记「${r.secretary ?? ''}」不在任何支部的名册上，请先把其加入所在支部。`);
    }
  }
  if (reading.ok && input.mayCreateUnder) {
    const inFile = new Set(reading.rows.map((r) => r.name));
    for (const r of reading.rows) {
      if (r.parentName !== null && inFile.has(r.parentName)) continue;
      const parentId = r.parentName === null ? null : (live.find((o) => o.name === r.parentName)?.id ?? null);
      if (await input.mayCreateUnder(parentId)) continue;
      errors.push(r.parentName === null ? `第 ${r.row} 行：「${r.name}」没有上级组织，须由全局管理员建立。` : `第 ${r.row} 行：你不是「${r.parentName}」的管理员，不能在其下建立组织。`);
    }
  }
  if (!reading.ok || errors.length > 0) {
    const shown = errors.sort((a, b) => rowOf(a) - rowOf(b)).slice(0, MAX_ERRORS_SHOWN);
    return { ok: false, created: 0, lines: [`「${input.fileName}」没有导入，组织未作任何改动。请改正后重新导入：`, ...shown, ...(errors.length > shown.length ? [`……另有 ${errors.length - shown.length} 处问题`] : [])] };
  }
  const rows = reading.rows;
  if (input.isDryRun) {
    const shown = rows.slice(0, MAX_ROWS_SHOWN).map((r) => `${r.name}（${ORGANIZATION_KIND_ZH[r.kind]}${r.parentName ? `，上级：${r.parentName}` : ''}${r.secretary ? `，书记：${r.secretary}` : ''}）`);
    return { ok: true, created: 0, lines: [`将从「${input.fileName}」建立 ${rows.length} 个组织：`, ...shown, ...(rows.length > shown.length ? [`……另有 ${rows.length - shown.length} 个`] : [])] };
  }
  await db.$transaction(async (tx) => {
    const idOf = new Map((await tx.organization.findMany({ where: { dissolvedAt: null }, select: { id: true, name: true } })).map((o) => [o.name, o.id]));
    for (const r of rows) {
      const settings: Prisma.InputJsonObject = { ...(r.termStarted ? { termStarted: r.termStarted } : {}), ...(r.termYears ? { termYears: r.termYears } : {}) };
      const parentId = r.parentName ? (idOf.get(r.parentName) ?? null) : null;
      const org = await tx.organization.create({ data: { name: r.name, kind: r.kind, parentId, ...(Object.keys(settings).length > 0 ? { settings } : {}) } });
      idOf.set(r.name, org.id);
      let secretaryId = r.secretary ? (secretaries.get(r.secretary) ?? null) : null;
      if (r.secretary && secretaryId === null) secretaryId = (await tx.member.create({ data: { name: r.secretary, branchId: org.id } })).id;
      if (secretaryId !== null) await tx.roleGrant.create({ data: { memberId: secretaryId, role: 'secretary', organizationId: org.id, grantedBy: input.who.actor } });
      await tx.auditLog.create({
        data: { ...input.who, action: 'organization.create', entity: 'Organization', entityId: String(org.id), organizationId: org.id, detail: { name: r.name, kind: r.kind, parent: r.parentName, via: 'import', file: input.fileName } },
      });
    }
  });
  return { ok: true, created: rows.length, lines: [`已从「${input.fileName}」导入 ${rows.length} 个组织。`] };
}

function rowOf(error: string): number {
  return Number(/第 (\d+) 行/.exec(error)?.[1] ?? 0);
}
