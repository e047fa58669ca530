import { z } from 'zod';
import type { Prisma } from '../../db/client.js';
import { formatDateZh, localDate } from '../../domain/dates.js';
import { MEMBER_STATUS_ZH } from '../../domain/member-status.js';
import { isoDateArg, memberStatusArg, mentionSchema } from '../args.js';
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
  summary: '把人加入本支部名册（@提及，或写姓名登记暂无账号的党员）',
  usage: '/member add @成员 … [joined=YYYY-MM-DD] [status=full|probationary|candidate|activist|applicant]',
  examples: ['/member add @张三 joined=2010-07-01', '/member add @李四 @王五 status=probationary joined=2026-03-12'],
  keys: { joined: ['入党日期', '入党时间'], status: ['身份', '状态'] },
  args: z.object({
    mentions: z.array(mentionSchema),
    words: z.array(z.string()),
    named: z.object({ joined: isoDateArg('入党日期', 'joined').optional(), status: memberStatusArg.optional() }),
  }).refine((a) => a.mentions.length + a.words.length > 0, '请 @ 要添加的人，例如：/member add @张三 joined=2010-07-01')
    .refine((a) => a.mentions.length + a.words.length <= MAX_PEOPLE, `一次最多添加 ${MAX_PEOPLE} 人。`),
  async run(ctx, { mentions, words, named }) {
    const { db, msg } = ctx;
    const branch = branchOf(ctx);
    if (named.joined && named.joined > localDate(ctx.now, branch.zone)) {
      throw new CommandError('bad_args', `入党日期 ${named.joined} 在今天之后，请检查。`);
    }
    const status = named.status ?? 'full';
    const base = {
      branchId: branch.id,
      status,
      joinedAt: named.joined ?? null,
      probationStartedAt: status === 'probationary' ? (named.joined ?? null) : null,
    } satisfies Partial<Prisma.MemberUncheckedCreateInput>;

    const added: string[] = [];
    const skipped: string[] = [];
    await db.$transaction(async (tx) => {
      const people: (Mention & { isAccount: boolean })[] = [
        ...mentions.map((m) => ({ ...m, isAccount: true })),
        ...words.map((name) => ({ userId: name, name, isAccount: false })),
      ];
      for (const person of people) {
        const identityKey = { platform: msg.platform, tenant: msg.tenant, platformUserId: person.userId };
        const identity = person.isAccount
          ? await tx.identity.findUnique({ where: { platform_tenant_platformUserId: identityKey }, include: { member: { include: { branch: true } } } })
          : null;
        if (identity && identity.member.leftAt === null) {
          skipped.push(identity.member.branchId === branch.id ? `${person.name}已在名册中` : `${person.name}已是「${identity.member.branch.name}」的成员，请先从原支部移出`);
          continue;
        }
        if (!person.isAccount && (await tx.member.findFirst({ where: { branchId: branch.id, name: person.name, leftAt: null } }))) {
          skipped.push(`名册中已有「${person.name}」`);
          continue;
        }
        if (person.name.length > 30) {
          skipped.push(`姓名「${person.name.slice(0, 10)}…」太长`);
          continue;
        }
        // Someone who left the roster and comes back keeps their history under the same row;
        // joining another branch starts a new row, so the old branch's ledgers keep theirs.
        const isComeback = identity?.member.branchId === branch.id;
        const member = identity && isComeback
          ? await tx.member.update({ where: { id: identity.memberId }, data: { ...base, name: person.name, leftAt: null } })
          : await tx.member.create({ data: { ...base, name: person.name } });
        if (identity && !isComeback) await tx.identity.update({ where: { id: identity.id }, data: { memberId: member.id, displayName: person.name } });
        if (person.isAccount && !identity) {
          await tx.identity.create({ data: { ...identityKey, displayName: person.name, memberId: member.id } });
        }
        await tx.auditLog.create({ data: auditEntry(ctx, { action: 'member.add', entity: 'Member', entityId: member.id, organizationId: branch.id, detail: { name: person.name, status, joinedAt: base.joinedAt, account: person.isAccount } }) });
        added.push(person.isAccount ? person.name : `${person.name}（暂无账号）`);
      }
    });

    const lines: string[] = [];
    if (added.length > 0) {
      const what = `${MEMBER_STATUS_ZH[status]}${named.joined ? `，${formatDateZh(named.joined)}入党` : ''}`;
      lines.push(`已将 ${added.length} 人加入「${branch.name}」名册（${what}）：${added.join('、')}`);
    }
    if (skipped.length > 0) lines.push(`未添加：${skipped.join('；')}`);
    if (added.some((a) => a.endsWith('（暂无账号）'))) lines.push('暂无账号的成员可由书记代为签到；以后 @ 他本人再添加一次即可关联账号。');
    return [answer(msg, { lines })];
  },
});
