import { z } from 'zod';
import { DIGEST_NAME, digestTitle } from '../../digest/digest-title.js';
import { loadBranchDigest } from '../../digest/load-branch-digest.js';
import { loadTreeScoreboard } from '../../digest/load-tree-scoreboard.js';
import { renderBranchDigest } from '../../digest/render-digest.js';
import { renderTreeScoreboard } from '../../digest/render-scoreboard.js';
import { formatMonthZh, monthAt, type YearMonth } from '../../domain/dues/months.js';
import { monthArg } from '../args.js';
import { CommandError } from '../command-error.js';
import { readBranchSettings } from '../../domain/branch-settings.js';
import { loadHolidayCalendar } from '../../reminders/load-holiday-calendar.js';
import { defineCommand } from '../define-command.js';
import type { CommandContext } from '../command.js';
import { answerPrivately } from '../replies.js';
import { treeRoots } from '../tree-roots.js';

const TREE_WORDS = ['tree', '下辖', '全部'];

/**
 * The upper level's one view: the scoreboard of `month` (this month so far when not given)
 * for the branches below the asker, in private.
 */
async function answerTreeScoreboard(ctx: CommandContext, month: YearMonth | undefined) {
  const current = monthAt(ctx.now, ctx.defaultZone);
  if (month && month > current) throw new CommandError('bad_args', `${formatMonthZh(month)}还没到，没有可看的月度工作一览。`);
  const scoreboard = await loadTreeScoreboard(ctx.db, await treeRoots(ctx), month ?? current, ctx.now, ctx.defaultZone);
  return answerPrivately(ctx, renderTreeScoreboard(scoreboard), '月度工作一览已私信发给你。');
}

/**
 * `/digest tree`: the scoreboard of the branches below the organisations the asker administers.
 * A tree command, so an admin of a 党委 asks it from anywhere, their own branch under it or not.
 */
export const digestTreeCommand = defineCommand({
  name: 'digest tree',
  // Chinese first, so /help and suggestions name it /汇总 下辖.
  aliases: [...[...TREE_WORDS.slice(1), TREE_WORDS[0]].map((w) => `汇总 ${w}`), ...TREE_WORDS.slice(1).map((w) => `digest ${w}`)],
  level: 'secretary',
  isTreeCommand: true,
  branch: 'none',
  isPrivate: true,
  summary: '下辖各支部月度工作一览（私信发送）：主题党日、三会一课、党费、换届、无活动等，最需关注的在前；不写月份为本月截至今天，month= 为以往某月；管理员看所管理组织下的全部支部，书记看本支部',
  usage: '/digest tree [month=YYYY-MM]',
  examples: ['/digest tree', '/digest tree month=2026-11', '/汇总 下辖'],
  keys: { month: ['月份', '月'] },
  args: z.object({ words: z.array(z.string()).max(0, '只需要写 /digest tree 或 /digest tree month=2026-11。'), named: z.object({ month: monthArg('月份').optional() }) }),
  run: (ctx, { named }) => answerTreeScoreboard(ctx, named.month),
});

export const digestCommand = defineCommand({
  name: 'digest',
  aliases: ['汇总'],
  level: 'secretary',
  readsBranchBelow: true,
  branch: 'none',
  isPrivate: true,
  summary: '支部工作汇总：下次活动、上次出席、党费、政治生日、预备期、三会一课、优先跟进（私信发送）；tree 为下辖各支部本月工作一览',
  usage: '/digest [tree] [branch=下辖支部]',
  examples: ['/digest', '/digest tree', '/digest branch=第二党支部'],
  args: z.object({
    words: z.array(z.string())
      .max(1, '只需要写 tree 或不写，例如 /digest 或 /digest tree。')
      .refine((w) => w.every((x) => TREE_WORDS.includes(x.toLowerCase())), '只能写 tree（下辖各支部月度工作一览），例如 /digest tree。'),
  }).transform((a) => ({ isTree: a.words.length > 0 })),
  async run(ctx, { isTree }) {
    if (isTree || !ctx.branch) return answerTreeScoreboard(ctx, undefined);
    const calendar = await loadHolidayCalendar(ctx.db);
    const org = await ctx.db.organization.findUniqueOrThrow({ where: { id: ctx.branch.id } });
    const digest = await loadBranchDigest(ctx.db, org, readBranchSettings(org.settings, ctx.defaultZone), calendar, ctx.now);
    return answerPrivately(ctx, renderBranchDigest(digest, digestTitle(org.name, 'asked')), `${DIGEST_NAME}已私信发给你。`);
  },
});
