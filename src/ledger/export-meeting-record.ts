import type { Db } from '../db/client.js';
import { localDate } from '../domain/dates.js';
import { readBranchSettings } from '../domain/branch-settings.js';
import { loadPrintableRecord, type PrintableRecord } from './load-printable-record.js';

export interface RecordExport {
  activityId: number;
  now: Date;
  defaultZone: string;
  /** Who takes the record out: an AuditLog actor ("feishu:<tenant>:<id>", "cli:<user>"). */
  actor: string;
  actorMemberId?: number | null;
  via: 'chat' | 'cli' | 'link';
}

/**
 * Builds the printable .docx of one activity's meeting record and records that it left the
 * system (names, absences and leave reasons are personal data): an audit row each time,
 * however it is delivered. Null when the activity does not exist.
 */
export async function exportMeetingRecord(db: Db, request: RecordExport): Promise<{ name: string; content: Buffer; record: PrintableRecord; branchId: number } | null> {
  const record = await loadPrintableRecord(db, request.activityId, request.now, request.defaultZone);
  if (!record) return null;
  const activity = await db.activity.findUniqueOrThrow({ where: { id: request.activityId }, select: { branchId: true, kind: true, startsAt: true, branch: { select: { settings: true } } } });
  const zone = readBranchSettings(activity.branch.settings, request.defaultZone).timezone;
  const name = `${record.branchName}-会议记录-${localDate(activity.startsAt, zone)}-${record.kindZh}.docx`;
  // docx (1 MB of JavaScript, ~4 MiB resident) loads at the first record exported, not with
  // every bot that may never export one (docs/PERFORMANCE.md, "Start-up and memory").
  const { buildRecordDocx } = await import('./build-record-docx.js');
  const content = await buildRecordDocx(record);
  await db.auditLog.create({
    data: {
      actor: request.actor, actorMemberId: request.actorMemberId ?? null, action: 'meeting_record.print', entity: 'Activity',
      entityId: String(request.activityId), organizationId: activity.branchId, detail: { via: request.via, file: name },
    },
  });
  return { name, content, record, branchId: activity.branchId };
}
