import { z } from 'zod';
import type { Prisma } from '../../db/client.js';
import { formatDateZh, localDate } from '../../domain/dates.js';
import { MEMBER_STATUS_ZH } from '../../domain/member-status.js';
import { idArg, isoDateArg, memberStatusArg, mentionSchema } from '../args.js';
import { isSameName, normalizeName } from '../../domain/names.js';
import { auditEntry } from '../audit.js';
import { CommandError } from '../command-error.js';
import { defineCommand } from '../define-command.js';
import { branchOf } from '../guards.js';
import { answer } from '../replies.js';
import type { Mention } from '../types.js';

const MAX_PEOPLE = 50;

export const memberAddCommand = defineCommand({
  name: 'member add',
  aliases: ['成员 添加', '添加成员'],
  level: 'secretary',
  branch: 'required',
  summary: '把人加入本支部名册（@提及，或写姓名登记暂无账号的党员；@ 已登记的同名成员即关联账号）',
  usage: '/member add @成员 … [joined=YYYY-MM-DD] [status=full|probationary|candidate|activist|applicant] [since=转入日期] [link=编号]',
  examples: ['/member add @张三 joined=2010-07-01', '/member add @李四 @王五 status=probationary joined=2026-03-12', '/member add @张三 link=12'],
  keys: { joined: ['入党日期', '入党时间'], status: ['身份', '状态'], since: ['转入日期', '加入日期'], link: ['关联'] },
  args: z.object({
    mentions: z.array(mentionSchema),
    words: z.array(z.string()),
    named: z.object({ joined: isoDateArg('入党日期', 'joined').optional(), status: memberStatusArg.optional(), since: isoDateArg('转入日期', 'joined').optional(), link: idArg('成员编号').optional() }),
  }).refine((a) => a.mentions.length + a.words.length > 0, '请 @ 要添加的人，例如：/member add @张三 joined=2010-07-01')
    .refine((a) => a.mentions.length + a.words.length <= MAX_PEOPLE, `一次最多添加 ${MAX_PEOPLE} 人。`)
    .refine((a) => a.named.link === undefined || (a.mentions.length === 1 && a.words.length === 0), 'link=编号 用于把一位 @ 的人关联到名册中已有的成员，一次只能关联一人。'),
  async run(ctx, { mentions, words, named }) {
    const { db, msg } = ctx;
    const branch = branchOf(ctx);
    const today = localDate(ctx.now, branch.zone);
    for (const [label, date] of [['入党日期', named.joined], ['转入日期', named.since]] as const) {
      if (date && date > today) throw new CommandError('bad_args', `${label} ${date} 在今天之后，请检查。`);
    }
    const status = named.status ?? 'full';
    const base = {
      branchId: branch.id,
      status,
      joinedAt: named.joined ?? null,
      probationStartedAt: status === 'probationary' ? (named.joined ?? null) : null,
      joinedBranchOn: named.since ?? null,
    } satisfies Partial<Prisma.MemberUncheckedCreateInput>;
    // What a link changes of the row already on the roster: only what this line says.
    const linkData = {
      ...(named.status ? { status } : {}),
      ...(named.joined ? { joinedAt: named.joined } : {}),
      ...(named.since ? { joinedBranchOn: named.since } : {}),
    } satisfies Prisma.MemberUncheckedUpdateInput;

    const addedAudit = (memberId: number, name: string, account: boolean) =>
      auditEntry(ctx, { action: 'member.add', entity: 'Member', entityId: memberId, organizationId: branch.id, detail: { name, status, joinedAt: base.joinedAt, account } });
    const added: string[] = [];
    const linked: string[] = [];
    const skipped: string[] = [];
    await db.$transaction(async (tx) => {
      const people: (Mention & { isAccount: boolean })[] = [
        ...mentions.map((m) => ({ ...m, name: normalizeName(m.name), isAccount: true })),
        ...words.map((word) => ({ userId: word, name: normalizeName(word), isAccount: false })),
      ];
      for (const person of people) {
        if (person.name.length === 0) {
          skipped.push('空白的姓名');
          continue;
        }
        if (person.name.length > 30) {
          skipped.push(`姓名「${person.name.slice(0, 10)}…」太长`);
          continue;
        }
        const identityKey = { platform: msg.platform, tenant: msg.tenant, platformUserId: person.userId };
        const identity = person.isAccount
          ? await tx.identity.findUnique({ where: { platform_tenant_platformUserId: identityKey }, include: { member: { include: { branch: true } } } })
          : null;
        if (identity && identity.member.leftAt === null) {
          skipped.push(identity.member.branchId === branch.id ? `${person.name}已在名册中` : `${person.name}已是「${identity.member.branch.name}」的成员，请先从原支部移出`);
          continue;
        }
        const sameName = (await tx.member.findMany({ where: { branchId: branch.id, leftAt: null }, select: { id: true, name: true, _count: { select: { identities: true } } }, orderBy: { id: 'asc' } }))
          .filter((m) => isSameName(m.name, person.name));
        if (!person.isAccount) {
          if (sameName.length > 0) {
            skipped.push(`名册中已有「${person.name}」`);
            continue;
          }
          const member = await tx.member.create({ data: { ...base, name: person.name } });
          await tx.auditLog.create({ data: addedAudit(member.id, person.name, false) });
          added.push(`${person.name}（暂无账号）`);
          continue;
        }
        // A mention of someone entered by name before: the same person, so the account joins that row.
        const accountless = sameName.filter((m) => m._count.identities === 0);
        const target = named.link === undefined ? undefined : accountless.find((m) => m.id === named.link);
        if (named.link !== undefined && !target) {
          skipped.push(`名册中没有编号为 ${named.link} 的未关联账号成员${accountless.length > 0 ? `（可关联：${accountless.map((m) => `#${m.id}`).join('、')}）` : ''}`);
          continue;
        }
        if (!target && accountless.length > 1 && !identity) {
          skipped.push(`名册中有 ${accountless.length} 位未关联账号的「${person.name}」（${accountless.map((m) => `#${m.id}`).join('、')}），请指明是哪一位：/member add @${person.name} link=编号`);
          continue;
        }
        const linkTo = target ?? (identity ? undefined : accountless[0]);
        if (linkTo) {
          await tx.member.update({ where: { id: linkTo.id }, data: linkData });
          await tx.identity.create({ data: { ...identityKey, displayName: person.name, memberId: linkTo.id } });
          await tx.auditLog.create({ data: auditEntry(ctx, { action: 'member.link', entity: 'Member', entityId: linkTo.id, organizationId: branch.id, detail: { name: person.name, ...linkData } }) });
          linked.push(person.name);
          continue;
        }
        // Someone who left the roster and comes back keeps their history under the same row;
        // joining another branch starts a new row, so the old branch's ledgers keep theirs.
        const isComeback = identity?.member.branchId === branch.id;
        const member = identity && isComeback
          ? await tx.member.update({ where: { id: identity.memberId }, data: { ...base, name: person.name, leftAt: null, joinedBranchOn: named.since ?? identity.member.joinedBranchOn } })
          : await tx.member.create({ data: { ...base, name: person.name } });
        if (identity && !isComeback) await tx.identity.update({ where: { id: identity.id }, data: { memberId: member.id, displayName: person.name } });
        if (!identity) await tx.identity.create({ data: { ...identityKey, displayName: person.name, memberId: member.id } });
        await tx.auditLog.create({ data: addedAudit(member.id, person.name, true) });
        added.push(sameName.length > 0 ? `${person.name}（名册中另有同名成员，已作为另一人添加）` : person.name);
      }
    });

    const lines: string[] = [];
    if (added.length > 0) {
      const what = `${MEMBER_STATUS_ZH[status]}${named.joined ? `，${formatDateZh(named.joined)}入党` : ''}`;
      lines.push(`已将 ${added.length} 人加入「${branch.name}」名册（${what}）：${added.join('、')}`);
    }
    if (linked.length > 0) lines.push(`已关联账号（名册中原有的同名成员，记录保留）：${linked.join('、')}`);
    if (skipped.length > 0) lines.push(`未添加：${skipped.join('；')}`);
    if (added.some((a) => a.endsWith('（暂无账号）'))) lines.push('暂无账号的成员可由书记代为签到；以后 @ 他本人再添加一次即可关联账号。');
    return [answer(msg, { lines })];
  },
});
