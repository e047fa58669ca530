import type { Member } from '../../db/client.js';
import { formatDateTimeZh, inBrackets } from '../../domain/dates.js';
import { hasRecordContent, MAX_CONTENT_CHARS, MAX_TOPIC_CHARS, MEETING_RECORD_FIELD_ZH, type MeetingRecordFields } from '../../domain/meeting-records.js';
import { branchActivity } from '../activity-queries.js';
import { meetsLevel } from '../actor.js';
import { idArg } from '../args.js';
import type { BranchRef } from '../branch-ref.js';
import type { Command, CommandContext } from '../command.js';
import { CommandError } from '../command-error.js';
import { branchOf } from '../guards.js';
import { meetingRecordView } from '../meeting-record-view.js';
import { findBranchMember, type PersonRef } from '../people.js';
import { readRecordLine, RECORD_KEYS } from '../record-line.js';
import { membersOn } from '../recipients.js';
import { answer, answerPrivately } from '../replies.js';
import { openRecordDialogue } from '../record-dialogue.js';
import { saveMeetingRecord } from '../save-meeting-record.js';
import { exportMeetingRecord } from '../../ledger/export-meeting-record.js';
import type { Reply } from '../types.js';

const USAGE = '/record <活动编号> [topic=议题] [host=@主持人] [recorder=@记录人] [会议内容…] [继续]，或 /record <活动编号> print（打印版）';
/** The whole content `print` (or 打印) asks for the printable record instead of saving it as content. */
const PRINT_WORDS = new Set(['print', '打印']);
const REFUSED = '只有本支部书记、组织委员、管理员或这次活动的记录人可以填写和查看会议记录。';

/**
 * `/record 12 topic=… host=@张三 recorder=@李四` and the content as the rest of the message.
 * Written by hand rather than through defineCommand: the content is free text in which
 * `key=value` is just text, so only the keys at the start are read.
 */
export const recordCommand: Command = {
  name: 'record',
  aliases: ['记录'],
  level: 'member',
  branch: 'required',
  summary: '填写或查看一次活动的会议记录（议题、主持人、记录人、会议内容；出席情况自动取自签到）',
  usage: USAGE,
  notes: [
    '会后只发送 /record 活动编号（或在内容最后一行写「继续」），会在私聊中请你发送会议内容：可以分几条发送，也可以发送照片和文件（图片、PDF、Office 文件）；发送「完成」保存为新的一版，发送「取消」放弃；30 分钟没有新消息自动结束。',
  ],
  examples: ['/record 12', '/record 12 继续', '/record 12 print', '/record 12 recorder=@李四', '/record 12 topic="学习党章" host=@张三 recorder=@李四\n一、…\n二、…'],
  keys: Object.fromEntries(Object.entries(RECORD_KEYS).map(([k, v]) => [k, [...v]])),
  async execute(ctx, input) {
    const line = readRecordLine(input.rest, USAGE);
    if (line.activity === undefined) throw new CommandError('bad_args', `请写上活动编号，例如 /record 12。用 /activity list 查看编号。\n用法：${USAGE}`);
    const id = idArg('活动编号').safeParse(line.activity);
    if (!id.success) throw new CommandError('bad_args', `${id.error.issues[0]?.message ?? '活动编号不对。'}\n用法：${USAGE}`);
    const branch = branchOf(ctx);
    const activity = await branchActivity(ctx.db, branch, id.data);
    const existing = await ctx.db.meetingRecord.findUnique({ where: { activityId: activity.id }, include: { revisions: true } });
    const isOfficer = meetsLevel(ctx.level, 'secretary');
    const isRecorder = ctx.actor.member !== null && existing?.recorderMemberId === ctx.actor.member.id;
    if (!isOfficer && !isRecorder) throw new CommandError('not_allowed', REFUSED);

    const isView = line.content === '' && Object.keys(line.named).length === 0;
    if (PRINT_WORDS.has(line.content.toLowerCase()) && Object.keys(line.named).length === 0) return printRecord(ctx, activity.id, isOfficer);
    const hasStarted = ctx.now >= activity.startsAt && activity.status !== 'cancelled';
    if (isView) {
      const view = await meetingRecordView(ctx.db, activity, existing, branch, ctx.now);
      // A meeting held and not yet written: the view, and the dialogue that writes it.
      if (hasStarted && !hasRecordContent(existing)) return openRecordDialogue(ctx, activity, '', {}, view);
      return answerPrivately(ctx, view, '会议记录已私信发给你。');
    }
    // Content that ends with 继续: more follows in the private dialogue.
    const more = /(?:^|\n)[ \t]*继续[ \t]*$/u.exec(line.content);
    if (more) line.content = line.content.slice(0, more.index).trim();

    if (activity.status === 'cancelled') throw new CommandError('conflict', `活动 #${activity.id} 已取消，不能填写会议记录。`);
    if (line.named.recorder !== undefined && !isOfficer) throw new CommandError('not_allowed', '只有本支部书记、组织委员或管理员可以指定记录人。');
    if ((line.content !== '' || more) && ctx.now < activity.startsAt) {
      throw new CommandError('conflict', `活动 #${activity.id} 还没开始${inBrackets(formatDateTimeZh(activity.startsAt, branch.zone, ctx.now))}，会后再填写会议内容。可以先指定记录人：/record ${activity.id} recorder=@姓名`);
    }
    const topic = line.named.topic?.trim();
    if (topic !== undefined && topic === '') throw new CommandError('bad_args', '议题不能为空。');
    if (topic !== undefined && [...topic].length > MAX_TOPIC_CHARS) throw new CommandError('bad_args', `议题太长了（最多 ${MAX_TOPIC_CHARS} 个字）。`);
    if ([...line.content].length > MAX_CONTENT_CHARS) throw new CommandError('bad_args', `会议内容太长了（最多 ${MAX_CONTENT_CHARS} 个字）。`);
    const host = line.named.host === undefined ? undefined : await namedMember(ctx, branch, line.named.host, '主持人');
    const recorder = line.named.recorder === undefined ? undefined : await namedMember(ctx, branch, line.named.recorder, '记录人');
    if (more) {
      const draft = [existing?.content.trim() ?? '', line.content].filter((part) => part !== '').join('\n');
      return openRecordDialogue(ctx, activity, draft, { topic, hostMemberId: host?.id, recorderMemberId: recorder?.id }, undefined);
    }

    const next: MeetingRecordFields = {
      // A themed party day's theme is its topic until someone types another.
      topic: topic ?? existing?.topic ?? activity.theme ?? null,
      hostMemberId: host?.id ?? existing?.hostMemberId ?? null,
      recorderMemberId: recorder?.id ?? existing?.recorderMemberId ?? null,
      content: line.content || (existing?.content ?? ''),
    };
    const saved = await saveMeetingRecord(ctx, activity, existing, next);
    if (!saved) return [answer(ctx.msg, `活动 #${activity.id} 的会议记录没有变化，未保存新版本。`)];

    const changed = saved.changed.map((f) => MEETING_RECORD_FIELD_ZH[f]).join('、');
    const lines = [`已保存活动 #${activity.id}「${activity.title}」的会议记录（第 ${saved.record.version} 版，${changed}）。`];
    if (saved.isAmendment) lines.push('这是对已有记录的修改：每一版都保留，台账中标注「记录后修改」。');
    const notice = await recorderNotice(ctx, activity, recorder, existing?.recorderMemberId ?? null);
    // After the meeting, a record without content goes on in private (取消 there ends it).
    if (!hasRecordContent(saved.record) && hasStarted) return [answer(ctx.msg, { lines }), ...notice, ...(await openRecordDialogue(ctx, activity, '', {}, undefined))];
    if (!hasRecordContent(saved.record)) lines.push(`还没有会议内容：会后请发送 /record ${activity.id} 并在后面写上会议内容。`);
    return [answer(ctx.msg, { lines }), ...notice];
  },
};

/** The printable record (.docx) in private: officers only, as it carries absences and leave reasons. */
async function printRecord(ctx: CommandContext, activityId: number, isOfficer: boolean): Promise<Reply[]> {
  if (!isOfficer) throw new CommandError('not_allowed', '只有本支部书记、组织委员或管理员可以打印会议记录（其中有缺席和请假理由）。');
  const branch = branchOf(ctx);
  const file = await exportMeetingRecord(ctx.db, { activityId, now: ctx.now, defaultZone: branch.zone, actor: ctx.actor.key, actorMemberId: ctx.actor.member?.id ?? null, via: 'chat' });
  if (!file) throw new CommandError('not_found', `「${branch.name}」没有编号为 ${activityId} 的活动。`);
  return answerPrivately(ctx, {
    title: `会议记录 #${activityId}（打印版）`,
    lines: [
      `「${file.record.title}」的会议记录，Word 文件，可直接打印归档。`,
      ...(file.record.content.length === 0 ? ['还没有会议内容：打印版中会议内容一栏为空。'] : []),
      '文件含党员个人信息，请妥善保管，勿转发到群聊。',
    ],
    file: { name: file.name, content: file.content, record: { branchId: file.branchId, activityId } },
  }, '会议记录打印版已私信发给你。');
}

/** A host or recorder written as `@姓名` (a mention the platform reported) or as a name on the roster. */
async function namedMember(ctx: CommandContext, branch: BranchRef, typed: string, label: string): Promise<Member> {
  const name = typed.trim().replace(/^[@＠]/u, '');
  if (name === '') throw new CommandError('bad_args', `请写明${label}，例如 ${label === '主持人' ? 'host' : 'recorder'}=@张三。`);
  const mention = ctx.msg.mentions.find((m) => m.name === name);
  const who: PersonRef = mention ? { mention } : { name };
  return findBranchMember(ctx.db, ctx.msg, branch, who);
}

/** The newly named recorder hears it in private, unless they named themselves. */
async function recorderNotice(ctx: CommandContext, activity: { id: number; title: string; startsAt: Date }, recorder: Member | undefined, previous: number | null): Promise<Reply[]> {
  if (!recorder || recorder.id === previous || recorder.id === ctx.actor.member?.id) return [];
  const branch = branchOf(ctx);
  const to = await membersOn(ctx.db, [recorder.id], ctx.msg.platform, ctx.msg.tenant);
  const when = formatDateTimeZh(activity.startsAt, branch.zone, ctx.now);
  return to.map((recipient) => ({
    to: recipient,
    message: { title: '会议记录', lines: [`你被指定为活动 #${activity.id}「${activity.title}」${inBrackets(when)}的记录人。`, `会后请发送：/record ${activity.id} 并在后面写上会议内容（可换行）。`] },
  }));
}
