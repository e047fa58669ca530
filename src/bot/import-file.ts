import { createHash } from 'node:crypto';
import { isTreeHeader } from '../domain/tree-rows.js';
import { MAX_TABLE_BYTES, readTable } from '../ledger/read-table.js';
import type { CommandContext } from './command.js';
import { CommandError } from './command-error.js';
import { isConfirmed } from './confirmation.js';
import { answerPrivately } from './replies.js';
import type { Attachment, FetchAttachment, IncomingMessage, Reply } from './types.js';

/**
 * The file a spreadsheet import reads: the one just sent, or the one a 确认导入 button names.
 * Nothing is kept between preview and confirmation: the button carries the platform's file
 * reference and a hash of the content, the file is fetched again, and a changed file is refused.
 */
function importedAttachment(msg: IncomingMessage, fallbackName: string): Attachment | undefined {
  const action = msg.action;
  return msg.attachment ?? (action?.fileKey && action.fileMessageId ? { key: action.fileKey, messageId: action.fileMessageId, name: action.fileName ?? fallbackName } : undefined);
}

/** The file's bytes (fetched unless handle-message already did) and a short hash of them for the button. */
async function readImportedFile(ctx: Pick<CommandContext, 'msg' | 'fetchAttachment' | 'log'>, attachment: Attachment, tooLarge: string): Promise<{ content: Buffer; sha: string }> {
  let content = attachment.content;
  if (!content) {
    if (!ctx.fetchAttachment) throw new CommandError('not_allowed', '这个平台不能接收文件。请用命令行导入（zhibu --help）。');
    try {
      content = await ctx.fetchAttachment({ platform: ctx.msg.platform, tenant: ctx.msg.tenant }, attachment);
    } catch (error) {
      ctx.log.warn({ err: error }, 'imported file not fetched');
      throw new CommandError('not_found', `没能取到文件「${attachment.name}」，请重新发送。`);
    }
  }
  if (content.length > MAX_TABLE_BYTES) throw new CommandError('bad_args', tooLarge);
  return { content, sha: createHash('sha256').update(content).digest('hex').slice(0, 32) };
}

/** What an import command is handed: the file, its bytes and hash, and whether this is the 确认导入 click. */
export interface FileToImport {
  attachment: Attachment;
  content: Buffer;
  sha: string;
  isConfirming: boolean;
}

/**
 * The file of a spreadsheet import (`how` when there is none), read; on the 确认导入 click, only
 * if it is still the file previewed.
 */
export async function fileToImport(
  ctx: Pick<CommandContext, 'msg' | 'fetchAttachment' | 'log'>, named: { confirm?: string | undefined },
  texts: { fallbackName: string; how: string; tooLarge: string; noFiles: string },
): Promise<FileToImport> {
  const attachment = importedAttachment(ctx.msg, texts.fallbackName);
  if (!attachment) throw new CommandError('bad_args', texts.how);
  if (!ctx.fetchAttachment && !attachment.content) throw new CommandError('not_allowed', texts.noFiles);
  const { content, sha } = await readImportedFile(ctx, attachment, texts.tooLarge);
  const isConfirming = isConfirmed(named) && ctx.msg.action !== undefined;
  if (isConfirming && ctx.msg.action?.sha !== sha) throw new CommandError('conflict', `文件「${attachment.name}」与预览时不同，没有导入。请重新发送文件。`);
  return { attachment, content, sha, isConfirming };
}

/** The preview of an import, in private, with the 确认导入 button that brings the same file back as `command`. */
export function importPreview(ctx: Pick<CommandContext, 'msg'>, file: FileToImport, message: { title: string; lines: string[] }, command: string): Reply[] {
  const { attachment, sha } = file;
  return answerPrivately(ctx, {
    title: message.title,
    lines: [...message.lines, '', '以上是预览，尚未写入。确认请点「确认导入」；如需修改，改好后重新发送文件即可。'],
    buttons: [{ label: '确认导入', style: 'danger', action: { command, fileKey: attachment.key, fileMessageId: attachment.messageId, fileName: attachment.name, sha } }],
    tone: 'warning',
  });
}

/**
 * A private file's bytes, and whether its first row is a tree's (组织名称、类型) rather than a
 * roster's, so the conversation core sends it to the right import. Undefined when it cannot be
 * read: the roster import then fetches it again and says what is wrong.
 */
export async function sniffImportFile(fetch: FetchAttachment, msg: IncomingMessage): Promise<{ attachment: Attachment; isTree: boolean } | undefined> {
  const attachment = msg.attachment;
  if (!attachment) return undefined;
  try {
    const content = await fetch({ platform: msg.platform, tenant: msg.tenant }, attachment, MAX_TABLE_BYTES);
    if (content.length > MAX_TABLE_BYTES) return undefined;
    const [header] = await readTable(attachment.name, content);
    return { attachment: { ...attachment, content }, isTree: isTreeHeader(header ?? []) };
  } catch {
    return undefined;
  }
}
