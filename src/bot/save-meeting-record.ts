import type { Db, MeetingRecord } from '../db/client.js';
import { changedFields, hasRecordContent, type MeetingRecordField, type MeetingRecordFields } from '../domain/meeting-records.js';
import { skipWaitingRecordReminders } from '../reminders/activity-changes.js';
import { auditEntry } from './audit.js';
import type { CommandContext } from './command.js';
import { CommandError } from './command-error.js';

export interface SavedMeetingRecord {
  record: MeetingRecord;
  changed: MeetingRecordField[];
  /** A change to a record that already had content: what the ledger flags as 记录后修改. */
  isAmendment: boolean;
}

/**
 * Saves a new version of an activity's record: the row, a revision holding the version, and an
 * audit row, in one transaction. A save that changes nothing writes nothing. Two saves at once
 * are told apart by the version: the later one is refused rather than lost.
 */
export async function saveMeetingRecord(
  ctx: Pick<CommandContext, 'db' | 'actor' | 'now'>,
  activity: { id: number; branchId: number },
  existing: MeetingRecord | null,
  next: MeetingRecordFields,
  /** A finished dialogue: its files join the record and the dialogue goes, in the same transaction. */
  dialogue?: { dialogueId: number; filesAdded: number },
): Promise<SavedMeetingRecord | undefined> {
  const before: MeetingRecordFields = existing ?? { topic: null, hostMemberId: null, recorderMemberId: null, content: '' };
  const changed = changedFields(before, next);
  const filesAdded = dialogue?.filesAdded ?? 0;
  if (changed.length === 0 && filesAdded === 0) return undefined;
  const isAmendment = hasRecordContent(existing);
  const by = ctx.actor.key;
  return ctx.db.$transaction(async (tx) => {
    const record = existing
      ? await updateVersion(tx, existing, {
        ...next, version: existing.version + 1, ...(isAmendment ? { editedBy: by, editedAt: ctx.now } : {}),
      })
      : await tx.meetingRecord.create({ data: { ...next, activityId: activity.id, createdBy: by, createdAt: ctx.now } });
    if (hasRecordContent(record)) await skipWaitingRecordReminders(tx, activity.id);
    if (dialogue) {
      await tx.meetingFile.updateMany({ where: { dialogueId: dialogue.dialogueId }, data: { recordId: record.id, dialogueId: null } });
      await tx.recordDialogue.deleteMany({ where: { id: dialogue.dialogueId } });
    }
    const fileCount = await tx.meetingFile.count({ where: { recordId: record.id } });
    await tx.meetingRecordRevision.create({ data: { ...next, fileCount, recordId: record.id, version: record.version, savedBy: by, savedAt: ctx.now } });
    await tx.auditLog.create({
      data: {
        ...auditEntry(ctx, {
          action: existing ? 'meeting_record.update' : 'meeting_record.create', entity: 'MeetingRecord', entityId: record.id, organizationId: activity.branchId,
          detail: { activityId: activity.id, version: record.version, changed, isAmendment, ...(filesAdded > 0 ? { filesAdded } : {}) },
        }),
        at: ctx.now,
      },
    });
    return { record, changed, isAmendment };
  });
}

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

async function updateVersion(tx: Tx, existing: MeetingRecord, data: MeetingRecordFields & { version: number; editedBy?: string; editedAt?: Date }): Promise<MeetingRecord> {
  const { count } = await tx.meetingRecord.updateMany({ where: { id: existing.id, version: existing.version }, data });
  if (count === 0) throw new CommandError('conflict', '这份会议记录刚被别人修改过，请先发送 /record 活动编号 查看最新内容，再重新提交。');
  return tx.meetingRecord.findUniqueOrThrow({ where: { id: existing.id } });
}
