import { z } from 'zod';
import { formatDateZh, localDate } from '../../domain/dates.js';
import { ORGANIZATION_KIND_ZH } from '../../domain/organization-kinds.js';
import { termsDue, type TermRow } from '../../domain/organization-terms.js';
import { loadTermsBelow } from '../../org-tree/load-terms.js';
import { yearArg } from '../args.js';
import type { CommandContext } from '../command.js';
import { defineCommand } from '../define-command.js';
import { answerPrivately } from '../replies.js';

export const orgTermsCommand = defineCommand({
  name: 'org terms',
  aliases: ['换届一览', '组织 换届'],
  level: 'admin',
  isTreeCommand: true,
  branch: 'none',
  summary: '下辖组织的换届一览：已超期、本年届满、未登记任期的组织（私信发送）',
  usage: '/org terms [year=YYYY]',
  examples: ['/org terms', '/org terms year=2027'],
  keys: { year: ['年份', '年度'] },
  args: z.object({ named: z.object({ year: yearArg('年份').optional() }) }),
  async run(ctx, { named }) {
    const today = localDate(ctx.now, ctx.defaultZone);
    const year = named.year ?? Number(today.slice(0, 4));
    const rows = termsDue(await loadTermsBelow(ctx.db, administeredRoots(ctx)), today, year);
    const count = (state: TermRow['state']) => rows.filter((r) => r.state === state).length;
    const lines = rows.length === 0
      ? [`${year}年没有届满或超期的组织，也没有未登记任期的组织。`]
      : [`已超期 ${count('overdue')} 个，${year}年届满 ${count('this_year')} 个，未登记任期 ${count('unrecorded')} 个。`, '', ...rows.map(describeTerm)];
    if (count('unrecorded') > 0) lines.push('', '登记任期：/org term <组织名称> started=本届开始日期 [years=任期年数]');
    return answerPrivately(ctx, { title: `换届一览（${year}年）`, lines }, '换届一览已私信发给你。');
  },
});

function describeTerm(row: TermRow): string {
  const who = `${row.name}（${ORGANIZATION_KIND_ZH[row.kind]}${row.parentName ? `，上级：${row.parentName}` : ''}）`;
  if (row.endsOn === null || row.daysLeft === null) return `${who}：未登记本届任期`;
  const when = row.daysLeft < 0 ? `已超期 ${-row.daysLeft} 天` : row.daysLeft === 0 ? '今天届满' : `还有 ${row.daysLeft} 天`;
  return `${who}：${formatDateZh(row.endsOn)}届满（任期 ${row.years} 年），${when}`;
}

/** Whose organisations the list covers: every one for a global admin, else those the asker administers. */
function administeredRoots(ctx: CommandContext): number[] | 'all' {
  if (ctx.actor.isBootstrapAdmin) return 'all';
  return ctx.actor.grants.filter((g) => g.role === 'admin').map((g) => g.organizationId);
}
