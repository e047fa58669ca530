import { z } from 'zod';
import { importMemberFile } from '../../ledger/import-member-file.js';
import { CONFIRM_KEY } from '../confirmation.js';
import { defineCommand } from '../define-command.js';
import { branchOf } from '../guards.js';
import { fileToImport, importPreview } from '../import-file.js';
import { answerPrivately } from '../replies.js';

const HOW = '请在私聊中把名册文件（.xlsx 或 .csv）直接发给我。第一行为表头：姓名（必填）、飞书ID、钉钉ID、手机号、状态、入党日期、预备期开始、月党费。';

/**
 * A roster file sent to the bot in private chat. The first answer is a preview (a dry run)
 * with a 确认导入 button; nothing is kept between the two: the button carries the file's
 * platform reference and a hash of its content, the file is fetched again on confirmation,
 * and a file that changed in between is refused. So no personal data waits on our disk,
 * and any instance can take the click.
 */
export const importMembersCommand = defineCommand({
  name: 'import members',
  aliases: ['导入 成员', '导入名册', '导入成员'],
  isPrivate: true,
  level: 'secretary',
  branch: 'required',
  summary: '从 Excel 或 CSV 名册文件批量添加、更新本支部成员：私聊中把文件直接发给我，先预览再确认',
  usage: '在私聊中直接发送 .xlsx 或 .csv 名册文件',
  keys: { ...CONFIRM_KEY },
  args: z.object({ named: z.object({ confirm: z.string().optional() }) }),
  async run(ctx, { named }) {
    const branch = branchOf(ctx);
    const { msg } = ctx;
    const file = await fileToImport(ctx, named, {
      fallbackName: 'members.xlsx', how: HOW, tooLarge: '文件太大，名册文件通常只有几十 KB。',
      noFiles: '这个平台不能接收文件。请用命令行：zhibu import members <文件> --branch <支部名称>',
    });
    const { attachment, content, isConfirming } = file;

    const outcome = await importMemberFile(ctx.db, {
      branchId: branch.id, fileName: attachment.name, content, isDryRun: !isConfirming,
      actor: ctx.actor.key, actorMemberId: ctx.actor.member?.id ?? null, now: ctx.now, zone: branch.zone, chat: { platform: msg.platform, tenant: msg.tenant },
    });
    if (!outcome.ok) return answerPrivately(ctx, { title: '名册未导入', lines: outcome.lines, tone: 'warning' });
    if (isConfirming) return answerPrivately(ctx, { title: `已导入「${branch.name}」名册`, lines: outcome.lines, tone: 'success' });

    const changes = (outcome.result?.created.length ?? 0) + (outcome.result?.updated.length ?? 0);
    if (changes === 0) return answerPrivately(ctx, { title: '名册无需改动', lines: outcome.lines, tone: 'info' });
    return importPreview(ctx, file, { title: `导入「${branch.name}」名册：预览`, lines: outcome.lines }, '/import members confirm=yes');
  },
});
