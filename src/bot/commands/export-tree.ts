import { z } from 'zod';
import { monthAt } from '../../domain/dues/months.js';
import { exportTreePack } from '../../ledger/export-tree-pack.js';
import { yearArg } from '../args.js';
import { CommandError } from '../command-error.js';
import { defineCommand } from '../define-command.js';
import { answerPrivately } from '../replies.js';
import { treeRoots } from '../tree-roots.js';

/**
 * `/export tree year=2026`: the upper level's year-end pack. A tree command, so an admin of a
 * 党委 asks it from anywhere; the file holds every branch's rosters, so it goes in private.
 */
export const exportTreeCommand = defineCommand({
  name: 'export tree',
  aliases: ['导出 下辖', '导出台账 下辖', '导出 tree'],
  level: 'admin',
  isTreeCommand: true,
  branch: 'none',
  isPrivate: true,
  summary: '导出所管理组织下辖各支部的年度台账（各项指标按月一览、换届情况、各支部台账）为一个 Excel 文件，私信发送；不写即今年',
  usage: '/export tree [year=YYYY]',
  examples: ['/export tree year=2026', '/导出 下辖'],
  keys: { year: ['年份', '年度', '年'] },
  args: z.object({ words: z.array(z.string()).max(0, '只需要写 /export tree year=2026。'), named: z.object({ year: yearArg('年份').optional() }) }),
  async run(ctx, { named }) {
    const currentYear = Number(monthAt(ctx.now, ctx.defaultZone).slice(0, 4));
    const year = named.year ?? currentYear;
    if (year > currentYear) throw new CommandError('bad_args', `${year}年还没到，没有可导出的年度台账。`);
    const rootIds = await treeRoots(ctx);
    const file = await exportTreePack(ctx.db, {
      rootIds, year, now: ctx.now, defaultZone: ctx.defaultZone,
      actor: ctx.actor.key, actorMemberId: ctx.actor.member?.id ?? null, via: 'chat',
    });
    return answerPrivately(ctx, {
      title: `${year}年度台账（下辖 ${file.branches} 个支部）`,
      lines: [
        `含目录、主题党日、三会一课、会议记录缺失、党费收缴、连续3个月以上未缴、预备期将满、无活动天数、换届，以及各支部的党员名册、组织生活、会议记录、党费、政治生日；名册共 ${file.members} 人。`,
        '文件含党员个人信息，请妥善保管，勿转发到群聊。',
      ],
      // Where robots cannot send files (DingTalk), a link rebuilds the pack for the same organisations.
      file: { name: file.name, content: file.content, treePack: { rootIds, year } },
    }, '年度台账已私信发给你。');
  },
});
