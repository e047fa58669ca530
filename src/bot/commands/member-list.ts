import { z } from 'zod';
import { formatDateZh } from '../../domain/dates.js';
import { MEMBER_STATUS_ZH } from '../../domain/member-status.js';
import { defineCommand } from '../define-command.js';
import { branchOf } from '../guards.js';
import { answerPrivately } from '../replies.js';

export const memberListCommand = defineCommand({
  name: 'member list',
  aliases: ['成员 列表', '名册'],
  level: 'secretary',
  branch: 'required',
  summary: '本支部名册（私信发送）',
  usage: '/member list',
  args: z.object({}),
  async run(ctx) {
    const branch = branchOf(ctx);
    const members = await ctx.db.member.findMany({
      where: { branchId: branch.id, leftAt: null },
      include: { identities: { select: { id: true } } },
      orderBy: { id: 'asc' },
    });
    if (members.length === 0) {
      return answerPrivately(ctx, { lines: [`「${branch.name}」名册还是空的。用 /member add @成员 joined=入党日期 添加。`] });
    }
    const count = (status: string) => members.filter((m) => m.status === status).length;
    return answerPrivately(ctx, {
      title: `「${branch.name}」名册（${members.length} 人）`,
      lines: [`正式党员 ${count('full')} 人，预备党员 ${count('probationary')} 人，其他 ${members.length - count('full') - count('probationary')} 人`],
      table: {
        headers: ['姓名', '身份', '入党日期', '账号'],
        rows: members.map((m) => [m.name, MEMBER_STATUS_ZH[m.status], m.joinedAt ? formatDateZh(m.joinedAt) : '—', m.identities.length > 0 ? '已关联' : '未关联']),
      },
    }, '名册已私信发给你。');
  },
});
