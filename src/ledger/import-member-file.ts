import type { Db } from '../db/client.js';
import { localDate } from '../domain/dates.js';
import { importMembers, type MemberImport, type MemberImportResult } from './import-members.js';
import { readMemberRows } from './member-rows.js';
import { readTable, TableError } from './read-table.js';

export interface MemberFileImport extends Omit<MemberImport, 'rows' | 'tenants' | 'source'> {
  fileName: string;
  content: Buffer;
  /** The chat the file came in, whose tenant its platform's accounts belong to. */
  chat?: { platform: string; tenant: string };
}

export interface MemberFileOutcome {
  /** Whether it was (or, for a dry run, would be) imported. */
  ok: boolean;
  /** What to tell the person, in Chinese. */
  lines: string[];
  result?: MemberImportResult;
}

const MAX_ERRORS_SHOWN = 20;

/**
 * Reads a roster file (.xlsx or .csv), validates every row and imports it all or nothing
 * (import-members.ts); the outcome says, row by row, what is wrong or what changed.
 */
export async function importMemberFile(db: Db, request: MemberFileImport): Promise<MemberFileOutcome> {
  let table: string[][];
  try {
    table = await readTable(request.fileName, request.content);
  } catch (error) {
    if (error instanceof TableError) return { ok: false, lines: [error.message] };
    throw error;
  }
  const reading = readMemberRows(table, localDate(request.now, request.zone));
  if (!reading.ok) return refused(request.fileName, reading.errors);
  const result = await importMembers(db, { ...request, rows: reading.rows, tenants: await accountTenants(db, request.branchId, request.chat), source: request.fileName });
  if (result.errors.length > 0) return refused(request.fileName, result.errors);

  const names = (list: string[]) => (list.length > 0 ? `：${list.join('、')}` : '');
  const lines = [
    `${request.isDryRun ? '将新增' : '新增'} ${result.created.length} 人${names(result.created)}`,
    `${request.isDryRun ? '将更新' : '更新'} ${result.updated.length} 人${names(result.updated)}`,
    `无变化 ${result.unchanged.length} 人`,
  ];
  if (reading.rows.some((r) => r.mobile)) lines.push('手机号已核对格式，但暂不保存：账号请填飞书ID或钉钉ID。');
  return { ok: true, lines, result };
}

function refused(fileName: string, errors: string[]): MemberFileOutcome {
  const shown = errors.slice(0, MAX_ERRORS_SHOWN);
  return {
    ok: false,
    lines: [`「${fileName}」没有导入，名册未作任何改动。请改正后重新发送：`, ...shown, ...(errors.length > shown.length ? [`……另有 ${errors.length - shown.length} 处问题`] : [])],
  };
}

/** Each platform's tenant: the chat's own, else the tenant of a group of the branch bound on it. */
async function accountTenants(db: Db, branchId: number, chat: { platform: string; tenant: string } | undefined): Promise<MemberImport['tenants']> {
  const bindings = await db.chatBinding.findMany({ where: { branchId, platform: { in: ['feishu', 'dingtalk'] } }, orderBy: { id: 'asc' } });
  const tenantOf = (platform: 'feishu' | 'dingtalk') => (chat?.platform === platform ? chat.tenant : bindings.find((b) => b.platform === platform)?.tenant);
  const feishu = tenantOf('feishu');
  const dingtalk = tenantOf('dingtalk');
  return { ...(feishu ? { feishu } : {}), ...(dingtalk ? { dingtalk } : {}) };
}
