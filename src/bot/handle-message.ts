import { systemClock, type Clock } from '../clock.js';
import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { levelIn, loadActorInChat, meetsLevel, type Actor } from './actor.js';
import type { OrganizationRecord } from '../db/read-who-and-where.js';
import { auditEntry } from './audit.js';
import { branchBelow, takeBranchName } from './branch-below.js';
import { mayUse, type Asker } from './may-use.js';
import { resolveBranch, type BranchRef } from './branch-ref.js';
import type { Command, CommandContext, Level } from './command.js';
import { CommandError } from './command-error.js';
import { eventTime } from './event-time.js';
import { claimInboundEvent, dropInboundEvent, finishInboundEvent } from './inbound-dedup.js';
import { replyRows } from '../outbox/reply-rows.js';
import type { Registry } from './registry.js';
import { normalizeInput } from './normalize-input.js';
import { answer, answerPrivately } from './replies.js';
import type { FetchAttachment, IncomingMessage, Mention, Reply } from './types.js';
import { quoteInput } from './quote-input.js';
import { dialogueFor, recordDialogueCommand } from './record-dialogue.js';
import { sniffImportFile } from './import-file.js';
import type { FileStore } from '../storage/file-store.js';

/** Longer messages are refused unread: nothing the bot understands is this long. */
export const MAX_TEXT_LENGTH = 2000;

export interface ConversationDeps {
  db: Db;
  registry: Registry;
  /** "platform:userId" of the bootstrap admins (ZHIBU_ADMINS). */
  admins: ReadonlySet<string>;
  defaultZone: string;
  log: Logger;
  /** The current instant; tests and `zhibu tick` move it. */
  clock?: Clock;
  metrics?: Metrics;
  /** Fetches files people send (a roster to import) from their platform. */
  fetchAttachment?: FetchAttachment;
  /** Where meeting records' photos and files are kept. */
  files?: FileStore;
  /**
   * Where replies wait to be sent. With it, the replies are stored with the message's done
   * mark and sent by the reply dispatcher (retried through outages); the handler returns only
   * edits of earlier messages. Without it (tests, tools), the caller sends what it returns.
   */
  replyOutbox?: ReplyOutbox;
}

export interface ReplyOutbox {
  /** How long a reply is worth sending; after that it is dropped (logged and counted). */
  staleAfterMs: number;
  /** Told after replies were stored, so they leave at once. */
  onQueued: () => void;
}

/** What a file sent to the bot means: a roster to import, or a tree of organisations (its header says). */
export const FILE_COMMAND = '/import members';
const TREE_FILE_COMMAND = '/org import';

/** What the conversation core does with one message: the replies to send, possibly none. */
export type HandleMessage = (msg: IncomingMessage) => Promise<Reply[]>;

/**
 * The conversation core: text -> command -> authorization -> records -> replies. Knows no
 * platform; every adapter calls it with an `IncomingMessage` and sends what it returns.
 *
 * @example
 * const handleMessage = createConversation({ db, registry, admins, defaultZone, log });
 * const replies = await handleMessage({ ...msg, text: '签到' });
 */
export function createConversation(deps: ConversationDeps): HandleMessage {
  const clock = deps.clock ?? systemClock;
  return async (received) => {
    // Input-method forms are read once, here; a line too long to read is refused as it came.
    let msg = received.text.length > MAX_TEXT_LENGTH ? received : { ...received, text: normalizeInput(received.text) };
    // Claims and finishes happen now; what the message does counts from when it was sent.
    const processedAt = clock();
    const now = eventTime(msg, processedAt);
    // A private message to someone writing a meeting record belongs to that record, unless it is a command.
    const dialogue = await dialogueFor(deps.db, msg);
    const isImport = msg.attachment?.canImport === true && msg.attachment.kind !== 'image' && !dialogue;
    // Fetched once here to read its header; the import uses these bytes.
    const file = isImport && deps.fetchAttachment ? await sniffImportFile(deps.fetchAttachment, msg) : undefined;
    if (file) msg = { ...msg, attachment: file.attachment };
    const line = msg.action?.command ?? (isImport ? (file?.isTree ? TREE_FILE_COMMAND : FILE_COMMAND) : msg.text);
    const hasSlash = /^\s*[/／]/.test(line);
    const isAddressed = msg.chatType === 'p2p' || msg.mentionedBot || msg.action !== undefined;
    const isTooLong = line.length > MAX_TEXT_LENGTH;
    const resolved = isTooLong ? undefined
      : dialogue ? { command: recordDialogueCommand, input: { words: [], named: {}, mentions: msg.mentions, rest: received.text } }
        : deps.registry.resolve(line, mentionsOf(msg), isAddressed);
    if (!isAddressed && !hasSlash && (isTooLong || !resolved)) {
      // Chatter the platform delivered: if it was stored on receipt, nothing of it is kept.
      if (msg.receivedAt && msg.eventId) await dropInboundEvent(deps.db, msg.platform, msg.eventId);
      return [];
    }
    deps.metrics?.eventsReceived.inc({ platform: msg.platform });
    if (msg.eventId && !msg.claimedOnReceipt && !(await claimInboundEvent(deps.db, msg, processedAt))) {
      deps.metrics?.eventsDeduplicated.inc({ platform: msg.platform });
      deps.log.info({ platform: msg.platform, eventId: msg.eventId }, 'duplicate event ignored');
      return [];
    }
    const log = deps.log.child({ platform: msg.platform, eventId: msg.eventId, command: resolved?.command.name });
    let replies: Reply[];
    if (isTooLong) {
      replies = [answer(msg, `消息太长（超过 ${MAX_TEXT_LENGTH} 字），没有处理。请只发送命令，例如：签到`, 'warning')];
    } else if (!resolved) {
      deps.metrics?.commands.inc({ command: 'unknown', outcome: 'unknown' });
      const asker = await loadAsker(deps, msg);
      replies = [answer(msg, notUnderstood(line, deps.registry.suggest(line, (c) => mayUse(asker, c))), 'warning')];
    } else {
      replies = await run(deps, { msg, now, log, isChatter: !isAddressed && !hasSlash }, resolved.command, resolved.input);
    }
    if (!msg.eventId) return replies;
    // The replies are stored with the mark that the message is done, in one transaction: a
    // crash leaves either both (the outbox sends them) or neither (the message is handled again).
    const outbox = deps.replyOutbox && !msg.inlineReplies ? deps.replyOutbox : undefined;
    const { writes, edits } = outbox ? replyRows(deps.db, msg, replies, processedAt, outbox.staleAfterMs) : { writes: [], edits: replies };
    await finishInboundEvent(deps.db, msg.platform, msg.eventId, processedAt, writes);
    if (writes.length > 0) outbox?.onQueued();
    return edits;
  };
}

async function run(deps: ConversationDeps, at: Pick<CommandContext, 'msg' | 'now' | 'log' | 'isChatter'>, command: Command, input: Parameters<Command['execute']>[1]): Promise<Reply[]> {
  const { msg, log } = at;
  const count = (outcome: string) => deps.metrics?.commands.inc({ command: command.name, outcome });
  try {
    const { actor, chatBranch } = await loadActorInChat(deps.db, msg, deps.admins);
    // `branch=<名称>` on a read-only command: the upper level reading a branch below it.
    const below = command.readsBranchBelow ? takeBranchName(input) : { name: undefined, input };
    const { branch, level } = below.name === undefined
      ? await chatBranchAndLevel(deps, msg, actor, chatBranch, command.isTreeCommand === true)
      : await branchBelow(deps.db, actor, below.name, deps.defaultZone);
    const refusal = refusalFor(command, msg, branch, level);
    if (refusal) {
      log.info({ actor: actor.key, level }, 'command refused');
      count('refused');
      return [answer(msg, refusal, 'warning')];
    }
    const ctx: CommandContext = { ...at, db: deps.db, actor, branch, level, defaultZone: deps.defaultZone, commands: deps.registry.commands, fetchAttachment: deps.fetchAttachment, files: deps.files };
    const replies = await command.execute(ctx, below.input);
    if (below.name !== undefined && branch) {
      await deps.db.auditLog.create({ data: auditEntry(ctx, { action: 'branch.read', entity: 'Organization', entityId: branch.id, organizationId: branch.id, detail: { command: command.name } }) });
    }
    log.info({ actor: actor.key, outcome: 'ok' }, 'command handled');
    count('ok');
    return replies;
  } catch (error) {
    if (error instanceof CommandError) {
      log.info({ code: error.code }, 'command declined');
      count('declined');
      return command.isPrivate ? answerPrivately({ msg }, { lines: [error.reply], tone: 'warning' }, '未办理，原因已私信发给你。') : [answer(msg, error.reply, 'warning')];
    }
    log.error({ err: error }, 'command failed');
    count('failed');
    return [answer(msg, '抱歉，处理时出错了，已记录下来。请稍后再试，或联系管理员。', 'error')];
  }
}

async function chatBranchAndLevel(deps: ConversationDeps, msg: IncomingMessage, actor: Actor, chatBranch: OrganizationRecord | undefined, isTreeCommand: boolean): Promise<{ branch: BranchRef | undefined; level: Level }> {
  const branch = await resolveBranch(deps.db, msg, { memberBranchId: actor.member?.branchId, chatBranch }, deps.defaultZone);
  const level = await levelIn(deps.db, actor, branch);
  if (!isTreeCommand) return { branch, level };
  // A tree command names what it acts on: the asker's level anywhere counts too.
  const anywhere = await levelIn(deps.db, actor, undefined);
  return { branch, level: meetsLevel(anywhere, level) ? anywhere : level };
}

/** Why the actor may not run the command here, in Chinese; undefined when they may. */
function refusalFor(command: Command, msg: IncomingMessage, branch: BranchRef | undefined, level: Level): string | undefined {
  const name = command.bare?.[0] ?? `/${command.name}`;
  if (command.branch === 'required' && !branch) {
    return msg.chatType === 'group'
      ? '本群还没有绑定支部。请管理员在群里发送：/bind 支部名称'
      : '你还不在任何支部的名册中。请联系支部书记把你加入名册，或在已绑定支部的群里使用。';
  }
  if (meetsLevel(level, command.level)) return undefined;
  if (command.level === 'admin') return `只有管理员可以使用 ${name}。`;
  if (command.level === 'secretary') return `只有本支部书记、组织委员或管理员可以使用 ${name}。`;
  return `你还不在「${branch?.name ?? '本支部'}」的党员名册中。请联系支部书记用 /member add 添加你。`;
}

/** Who is asking, for suggestions that offer only what they may use. */
async function loadAsker(deps: ConversationDeps, msg: IncomingMessage): Promise<Asker> {
  const { actor, chatBranch } = await loadActorInChat(deps.db, msg, deps.admins);
  const branch = await resolveBranch(deps.db, msg, { memberBranchId: actor.member?.branchId, chatBranch }, deps.defaultZone);
  const level = await levelIn(deps.db, actor, branch);
  // A tree command counts the asker's level anywhere, as running it does (chatBranchAndLevel).
  return { level, levelAnywhere: await levelIn(deps.db, actor, undefined), isOnRoster: actor.member !== null };
}

function notUnderstood(line: string, suggestions: string[]): string {
  const hint = suggestions.length > 0 ? `你是不是想用：${suggestions.join('、')}？` : '';
  return `没看懂${quoteInput(line)}。${hint}发送 /help 查看可用命令。`;
}

/**
 * The people a message names. A button that repeats a command line (a confirmation) carries
 * the mentions of the line it repeats, which the click itself does not report.
 */
function mentionsOf(msg: IncomingMessage): Mention[] {
  const carried = msg.action?.mentions;
  if (!carried) return msg.mentions;
  try {
    const parsed: unknown = JSON.parse(carried);
    return Array.isArray(parsed)
      ? parsed.filter((m): m is Mention => typeof m === 'object' && m !== null && typeof (m as Mention).userId === 'string' && typeof (m as Mention).name === 'string')
      : msg.mentions;
  } catch {
    return msg.mentions;
  }
}
