import { z } from 'zod';
import { ORGANIZATION_KIND_ZH } from '../../domain/organization-kinds.js';
import { DEFAULT_TERM_YEARS_BY_KIND, termRow } from '../../domain/organization-terms.js';
import { formatDateZh, localDate } from '../../domain/dates.js';
import { readStoredSettings } from '../../domain/branch-settings.js';
import { findLiveOrganization } from '../../org-tree/find-organization.js';
import { setOrganizationTerm } from '../../org-tree/set-organization-term.js';
import { administers } from '../actor.js';
import { isoDateArg } from '../args.js';
import { CommandError } from '../command-error.js';
import { defineCommand } from '../define-command.js';
import { treeActor, treeStep } from '../organizations.js';
import { answer } from '../replies.js';

const yearsArg = z.string().transform((text, ctx) => {
  const years = Number(text.trim());
  if (!/^\d{1,2}$/.test(text.trim()) || years < 1 || years > 10) {
    ctx.addIssue({ code: 'custom', message: `任期应是 1 到 10 之间的整数年（党委一般 5 年，党总支和党支部 3 年），而不是「${text}」。` });
    return z.NEVER;
  }
  return years;
});

export const orgTermCommand = defineCommand({
  name: 'org term',
  aliases: ['组织 任期', '登记任期'],
  level: 'admin',
  isTreeCommand: true,
  branch: 'none',
  summary: '登记组织本届任期的开始日期（任期默认：党委 5 年，党总支、党支部 3 年）',
  usage: '/org term <组织名称> started=YYYY-MM-DD [years=任期年数]',
  examples: ['/org term 机关党委 started=2024-03-01', '/org term 财政局党总支 started=2025-06-01 years=3'],
  keys: { started: ['开始', '换届日期'], years: ['任期'] },
  args: z.object({
    words: z.array(z.string()).min(1, '请写上组织名称，例如：/org term 机关党委 started=2024-03-01'),
    named: z.object({ started: isoDateArg('本届任期开始日期', 'schedule').optional(), years: yearsArg.optional() }),
  }).transform(({ words, named }) => ({ name: words.join(' ').trim(), ...named })),
  async run(ctx, { name, started, years }) {
    if (!started) throw new CommandError('bad_args', `请写上本届任期的开始日期，例如：/org term ${name} started=2024-03-01`);
    const org = await treeStep(() => findLiveOrganization(ctx.db, name));
    if (!(await administers(ctx.db, ctx.actor, org.id))) throw new CommandError('not_allowed', `你不是「${org.name}」的管理员。`);
    await treeStep(() => setOrganizationTerm(ctx.db, { name, startedOn: started, years }, treeActor(ctx)));
    const today = localDate(ctx.now, ctx.defaultZone);
    const stored = readStoredSettings((await ctx.db.organization.findUniqueOrThrow({ where: { id: org.id } })).settings);
    const row = termRow({ name: org.name, kind: org.kind, parentName: null, startedOn: started, years: stored.termYears ?? null }, today, Number(today.slice(0, 4)));
    const length = years === undefined && stored.termYears === undefined ? `任期 ${DEFAULT_TERM_YEARS_BY_KIND[org.kind]} 年（${ORGANIZATION_KIND_ZH[org.kind]}的默认）` : `任期 ${row.years} 年`;
    return [answer(ctx.msg, `已登记「${org.name}」本届任期：${formatDateZh(started)}起，${length}，${formatDateZh(row.endsOn ?? started)}届满。`)];
  },
});
