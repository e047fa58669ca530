import type { Activity, Db, RecordDialogue } from '../db/client.js';
import { formatBytesZh } from '../domain/file-size.js';
import { hasRecordContent, MAX_DIALOGUE_CONTENT_CHARS, MAX_FILES_PER_RECORD, MEETING_RECORD_FIELD_ZH, type MeetingRecordFields } from '../domain/meeting-records.js';
import { ACCEPTED_TYPES_ZH } from '../storage/file-types.js';
import { meetsLevel } from './actor.js';
import type { Command, CommandContext } from './command.js';
import { CommandError } from './command-error.js';
import { quoteInput } from './quote-input.js';
import { answer, answerPrivately } from './replies.js';
import { saveMeetingRecord } from './save-meeting-record.js';
import type { IncomingMessage, OutgoingMessage, Reply } from './types.js';

/** A dialogue lapses after this long without a message from its writer. */
export const DIALOGUE_MINUTES = 30;
const FINISH = '完成';
const CANCEL = '取消';

/** What someone opening a dialogue typed on the /record line besides the content. */
export interface DialogueFields {
  topic?: string | undefined;
  hostMemberId?: number | undefined;
  recorderMemberId?: number | undefined;
}

/**
 * The open dialogue a private message belongs to, lapsed or not; none for group messages,
 * buttons and commands (a slash command still reaches its command during a dialogue).
 */
export async function dialogueFor(db: Db, msg: IncomingMessage): Promise<RecordDialogue | undefined> {
  if (msg.chatType !== 'p2p' || msg.action || /^\s*[/／]/u.test(msg.text)) return undefined;
  const found = await db.recordDialogue.findUnique({ where: { platform_tenant_userId: { platform: msg.platform, tenant: msg.tenant, userId: msg.senderId } } });
  return found ?? undefined;
}

/**
 * Opens (or replaces) the writer's dialogue for an activity's record and asks for the content
 * in private. `draft` is the content so far; `fields` wait in the dialogue until 完成.
 */
export async function openRecordDialogue(ctx: CommandContext, activity: Activity, draft: string, fields: DialogueFields, before: OutgoingMessage | undefined): Promise<Reply[]> {
  const key = { platform: ctx.msg.platform, tenant: ctx.msg.tenant, userId: ctx.msg.senderId };
  const earlier = await ctx.db.recordDialogue.findUnique({ where: { platform_tenant_userId: key } });
  if (earlier) await abandonDialogue(ctx, earlier);
  const data = {
    activityId: activity.id, content: draft, topic: fields.topic ?? null, hostMemberId: fields.hostMemberId ?? null, recorderMemberId: fields.recorderMemberId ?? null,
    openedAt: ctx.now, expiresAt: expiryFrom(ctx.now),
  };
  await ctx.db.recordDialogue.create({ data: { ...key, ...data } });
  const prompt = [
    `正在填写活动 #${activity.id}「${activity.title}」的会议记录。`,
    '请发送会议内容，发送「完成」结束。可以分几条发送，也可以发送照片和文件；发送「取消」放弃。',
    `期间发给我的文字都记入会议内容，其他命令请以 / 开头；${DIALOGUE_MINUTES} 分钟没有新消息，对话自动结束，未保存的内容不保留。`,
  ];
  if (draft !== '') prompt.splice(1, 0, `已有内容 ${[...draft].length} 字，接着发送的内容会加在后面。`);
  const message: OutgoingMessage = before ? { ...before, lines: [...before.lines, '', ...prompt] } : { title: '会议记录', lines: prompt };
  return answerPrivately(ctx, message, '请在与我的私聊中发送会议内容。');
}

/** Drops a dialogue and the files sent in it; nothing of it reaches the record. */
async function abandonDialogue(ctx: Pick<CommandContext, 'db' | 'files'>, dialogue: RecordDialogue): Promise<void> {
  const files = await ctx.db.meetingFile.findMany({ where: { dialogueId: dialogue.id, recordId: null }, select: { id: true } });
  for (const file of files) {
    if (ctx.files) await ctx.files.delete(file.id);
    else await ctx.db.meetingFile.delete({ where: { id: file.id } });
  }
  await ctx.db.recordDialogue.deleteMany({ where: { id: dialogue.id } });
}

function expiryFrom(now: Date): Date {
  return new Date(now.getTime() + DIALOGUE_MINUTES * 60_000);
}

/**
 * The messages of an open dialogue: text is added to the content, photos and files are kept
 * with the record, 完成 saves a version, 取消 drops it all. Not in the registry: the core
 * hands it the private messages of someone who has a dialogue open.
 */
export const recordDialogueCommand: Command = {
  name: 'record dialogue',
  isHidden: true,
  level: 'member',
  branch: 'required',
  summary: '会议记录的私聊对话',
  usage: '',
  async execute(ctx, input) {
    const dialogue = await dialogueFor(ctx.db, ctx.msg);
    if (!dialogue) return [answer(ctx.msg, '会议记录的对话已经结束。需要时请重新发送 /record 活动编号。')];
    const activity = await ctx.db.activity.findUniqueOrThrow({ where: { id: dialogue.activityId } });
    if (ctx.now >= dialogue.expiresAt) {
      await abandonDialogue(ctx, dialogue);
      return [answer(ctx.msg, `填写活动 #${activity.id} 会议记录的对话已结束（${DIALOGUE_MINUTES} 分钟没有新消息），发送的内容没有保存。需要时请重新发送 /record ${activity.id}。`, 'warning')];
    }
    const word = input.rest.trim();
    if (!ctx.msg.attachment && word === CANCEL) {
      await abandonDialogue(ctx, dialogue);
      return [answer(ctx.msg, `已放弃，活动 #${activity.id} 的会议记录没有改动。`)];
    }
    if (!ctx.msg.attachment && word === FINISH) return finish(ctx, dialogue, activity);
    await ctx.db.recordDialogue.update({ where: { id: dialogue.id }, data: { expiresAt: expiryFrom(ctx.now) } });
    if (ctx.msg.attachment) return receiveFile(ctx, dialogue);
    return appendText(ctx, dialogue, input.rest);
  },
};

async function appendText(ctx: CommandContext, dialogue: RecordDialogue, typed: string): Promise<Reply[]> {
  const text = typed.replace(/\r\n?/gu, '\n').trim();
  // A sticker, a voice message without transcript, a card: nothing a record can hold.
  if (text === '' || /^\[[a-zA-Z_]+\]$/u.test(text)) return [answer(ctx.msg, '这类消息不能记入会议记录。请发送文字、照片或文件，发送「完成」结束。', 'warning')];
  // Two messages handled at once must both land: the append is conditional on the content read.
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const current = attempt === 0 ? dialogue : await ctx.db.recordDialogue.findUnique({ where: { id: dialogue.id } });
    if (!current) break;
    const content = current.content === '' ? text : `${current.content}\n${text}`;
    if ([...content].length > MAX_DIALOGUE_CONTENT_CHARS) {
      throw new CommandError('too_long', `会议内容太长了（最多 ${MAX_DIALOGUE_CONTENT_CHARS} 个字），这一条没有记下。可以发送「完成」先保存已有内容。`);
    }
    const { count } = await ctx.db.recordDialogue.updateMany({ where: { id: current.id, content: current.content }, data: { content } });
    if (count === 1) return [answer(ctx.msg, `已记下（共 ${content.split('\n').length} 行、${[...content].length} 字）。继续发送，或发送「完成」保存。`)];
  }
  return [answer(ctx.msg, '会议记录的对话已经结束。需要时请重新发送 /record 活动编号。')];
}

async function receiveFile(ctx: CommandContext, dialogue: RecordDialogue): Promise<Reply[]> {
  const attachment = ctx.msg.attachment;
  if (!attachment || !ctx.files || !ctx.fetchAttachment) return [answer(ctx.msg, '这里不能接收照片和文件。', 'warning')];
  const count = await ctx.db.meetingFile.count({ where: { OR: [{ dialogueId: dialogue.id }, { activityId: dialogue.activityId, recordId: { not: null } }] } });
  if (count >= MAX_FILES_PER_RECORD) return [answer(ctx.msg, `一份会议记录最多保存 ${MAX_FILES_PER_RECORD} 个照片和文件，这个没有保存。`, 'warning')];
  const label = attachment.kind === 'image' ? '照片' : `文件${quoteInput(attachment.name)}`;
  let bytes: Buffer;
  try {
    bytes = await ctx.fetchAttachment({ platform: ctx.msg.platform, tenant: ctx.msg.tenant }, attachment, ctx.files.maxBytes);
  } catch (error) {
    ctx.log.warn({ err: error, key: attachment.key }, 'attachment download failed');
    return [answer(ctx.msg, `没能取回这个${label}，没有保存。请再发送一次。`, 'warning')];
  }
  const put = await ctx.files.put(bytes, { name: attachment.name, activityId: dialogue.activityId, dialogueId: dialogue.id, uploadedById: ctx.actor.member?.id ?? null, uploadedAt: ctx.now });
  if (!put.ok) {
    if (put.reason === 'wrong_type') return [answer(ctx.msg, `这个${label}不是可以保存的类型，没有保存，会议记录没有改动。可以发送${ACCEPTED_TYPES_ZH}。`, 'warning')];
    const why = put.reason === 'too_large' ? `超过 ${formatBytesZh(ctx.files.maxBytes)}` : '是空的';
    return [answer(ctx.msg, `这个${label}${why}，没有保存。会议记录没有改动。`, 'warning')];
  }
  const pending = await ctx.db.meetingFile.count({ where: { dialogueId: dialogue.id } });
  const kind = put.file.mimeType.startsWith('image/') ? '照片' : '文件';
  return [answer(ctx.msg, `已收到${kind}（${formatBytesZh(put.file.size)}），这次共 ${pending} 个照片和文件。发送「完成」保存。`)];
}

async function finish(ctx: CommandContext, dialogue: RecordDialogue, activity: Activity): Promise<Reply[]> {
  const existing = await ctx.db.meetingRecord.findUnique({ where: { activityId: activity.id } });
  const isOfficer = meetsLevel(ctx.level, 'secretary') && ctx.branch?.id === activity.branchId;
  const isRecorder = ctx.actor.member !== null && existing?.recorderMemberId === ctx.actor.member.id;
  if (!isOfficer && !isRecorder) {
    await abandonDialogue(ctx, dialogue);
    throw new CommandError('not_allowed', '只有本支部书记、组织委员、管理员或这次活动的记录人可以填写会议记录。这次发送的内容没有保存。');
  }
  const next: MeetingRecordFields = {
    topic: dialogue.topic ?? existing?.topic ?? null,
    hostMemberId: dialogue.hostMemberId ?? existing?.hostMemberId ?? null,
    recorderMemberId: dialogue.recorderMemberId ?? existing?.recorderMemberId ?? null,
    content: dialogue.content,
  };
  const filesAdded = await ctx.db.meetingFile.count({ where: { dialogueId: dialogue.id } });
  const saved = await saveMeetingRecord(ctx, activity, existing, next, { dialogueId: dialogue.id, filesAdded });
  if (!saved) {
    await abandonDialogue(ctx, dialogue);
    return [answer(ctx.msg, `没有新的内容或文件，活动 #${activity.id} 的会议记录没有变化，未保存新版本。`)];
  }
  const what = [...saved.changed.map((f) => MEETING_RECORD_FIELD_ZH[f]), ...(filesAdded > 0 ? [`照片和文件 ${filesAdded} 个`] : [])].join('、');
  const lines = [`已保存活动 #${activity.id}「${activity.title}」的会议记录（第 ${saved.record.version} 版，${what}）。`];
  if (saved.isAmendment) lines.push('这是对已有记录的修改：每一版都保留，台账中标注「记录后修改」。');
  if (!hasRecordContent(saved.record)) lines.push(`还没有会议内容：请发送 /record ${activity.id} 再填写。`);
  return [answer(ctx.msg, { lines })];
}
