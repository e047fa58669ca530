import type { ActivityKind } from './vocabulary.js';

/** The parts of a meeting record people write; attendance is never one of them. */
export interface MeetingRecordFields {
  topic: string | null;
  hostMemberId: number | null;
  recorderMemberId: number | null;
  content: string;
}

export type MeetingRecordField = keyof MeetingRecordFields;

export const MEETING_RECORD_FIELD_ZH: Record<MeetingRecordField, string> = {
  topic: '议题',
  hostMemberId: '主持人',
  recorderMemberId: '记录人',
  content: '会议内容',
};

/** Longest topic and content accepted; a chat line is at most 2000 characters anyway. */
export const MAX_TOPIC_CHARS = 100;
export const MAX_CONTENT_CHARS = 2000;
/** Content sent over several messages in a dialogue may be longer than one chat line. */
export const MAX_DIALOGUE_CONTENT_CHARS = 20_000;
/** Photos and files one record keeps at most. */
export const MAX_FILES_PER_RECORD = 50;

/** The fields that differ between two versions, in a fixed order. */
export function changedFields(before: MeetingRecordFields, after: MeetingRecordFields): MeetingRecordField[] {
  return (Object.keys(MEETING_RECORD_FIELD_ZH) as MeetingRecordField[]).filter((field) => before[field] !== after[field]);
}

/**
 * Whether an activity has its record: content written. A row naming only the recorder (made
 * in advance) is not a record yet, so the reminders still ask for one.
 */
export function hasRecordContent(record: { content: string } | null | undefined): boolean {
  return (record?.content.trim() ?? '') !== '';
}

/** Meetings keep records; volunteer service is an activity, not a meeting. */
export function needsMeetingRecord(kind: ActivityKind): boolean {
  return kind !== 'volunteer_service';
}
