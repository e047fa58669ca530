import type { CommandContext } from './command.js';
import { answerPrivately } from './replies.js';
import type { OutgoingMessage, Reply } from './types.js';

/**
 * Bulk and destructive commands confirm before they act, without keeping state: the first
 * time they answer with what they would do (the dry run) and a 确认 button that sends the same
 * command line again with `confirm=yes`; typing `confirm=yes` (or `确认=是`) does the same.
 * The mentions of the first line travel with the button, so `@张三` still names the same person,
 * and so does the branch, so a button pressed in private acts where the command was asked.
 */
export const CONFIRM_KEY = { confirm: ['确认'] };

const YES = new Set(['yes', 'y', 'true', '是', '确认', '1']);

/** Whether the line said `confirm=yes`. */
export function isConfirmed(named: { confirm?: string | undefined }): boolean {
  return named.confirm !== undefined && YES.has(named.confirm.trim().toLowerCase());
}

/** The preview and a button that runs the same line confirmed; answered privately. */
export function askToConfirm(ctx: Pick<CommandContext, 'msg' | 'branch'>, preview: { title: string; lines: string[] }): Reply[] {
  const line = (ctx.msg.action?.command ?? ctx.msg.text).trim();
  const confirmed = `${line} confirm=yes`;
  const message: OutgoingMessage = {
    title: preview.title,
    // Typed in private, the line would act on the asker's own branch: from a group, say where to type it.
    lines: [...preview.lines, '', `以上是预览，尚未执行。确认请点「确认执行」，或${ctx.msg.chatType === 'group' ? '在原群里' : ''}发送：${confirmed}`],
    buttons: [{
      label: '确认执行',
      style: 'danger',
      action: {
        command: confirmed,
        ...(ctx.msg.mentions.length > 0 ? { mentions: JSON.stringify(ctx.msg.mentions) } : {}),
        // The button is pressed in private, where the branch would be the presser's own: it
        // names the branch of the chat that asked (authorization is checked against it again).
        ...(ctx.branch ? { branchId: String(ctx.branch.id) } : {}),
      },
    }],
    tone: 'warning',
  };
  return answerPrivately(ctx, message, '请在私信中确认。');
}
