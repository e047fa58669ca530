import { z } from 'zod';
import { importTree } from '../../org-tree/import-tree.js';
import { administers } from '../actor.js';
import { CONFIRM_KEY } from '../confirmation.js';
import { defineCommand } from '../define-command.js';
import { fileToImport, importPreview } from '../import-file.js';
import { treeActor } from '../organizations.js';
import { answerPrivately } from '../replies.js';

const HOW = '请在私聊中把组织架构表（.xlsx 或 .csv）直接发给我。第一行为表头：组织名称、类型（必填），上级组织、书记、任期开始、任期结束（可选）。';

/**
 * An organisation tree sent to the bot in private chat as a spreadsheet (the 机关工委 setting
 * up its party organisations at once, as `zhibu org import` does on the server). Like a
 * roster: a preview first, written only on 确认导入, the file fetched again and compared with
 * the preview's. The importer must administer the parent of every organisation the file
 * places under an existing one; organisations without a parent are a global admin's.
 */
export const orgImportCommand = defineCommand({
  name: 'org import',
  aliases: ['组织 导入', '导入组织'],
  isPrivate: true,
  level: 'admin',
  isTreeCommand: true,
  branch: 'none',
  summary: '从 Excel 或 CSV 组织架构表批量建立党组织（上级组织的管理员）：私聊中把文件直接发给我，先预览再确认',
  usage: '在私聊中直接发送组织架构表文件（表头：组织名称、类型、上级组织、书记、任期开始、任期结束）',
  keys: { ...CONFIRM_KEY },
  args: z.object({ named: z.object({ confirm: z.string().optional() }) }),
  async run(ctx, { named }) {
    const file = await fileToImport(ctx, named, {
      fallbackName: 'organizations.xlsx', how: HOW, tooLarge: '文件太大，组织架构表通常只有几十 KB。',
      noFiles: '这个平台不能接收文件。请在服务器上用命令行：zhibu org import <文件>',
    });
    const outcome = await importTree(ctx.db, {
      fileName: file.attachment.name, content: file.content, who: treeActor(ctx), isDryRun: !file.isConfirming,
      mayCreateUnder: (parentId) => administers(ctx.db, ctx.actor, parentId),
    });
    if (!outcome.ok) return answerPrivately(ctx, { title: '组织未导入', lines: outcome.lines, tone: 'warning' });
    if (file.isConfirming) return answerPrivately(ctx, { title: '已导入组织', lines: [...outcome.lines, '请在各支部的群里由管理员发送 /bind 支部名称，把群和支部绑定。'], tone: 'success' });
    return importPreview(ctx, file, { title: '导入组织：预览', lines: outcome.lines }, '/org import confirm=yes');
  },
});
