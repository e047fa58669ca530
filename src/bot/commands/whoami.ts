import { z } from 'zod';
import { ROLE_ZH } from '../../domain/roles.js';
import type { Role } from '../../domain/vocabulary.js';
import type { Actor } from '../actor.js';
import { defineCommand } from '../define-command.js';
import { answerPrivately } from '../replies.js';

/** Tells people their account id: what an IT admin writes into ZHIBU_ADMINS. */
export const whoamiCommand = defineCommand({
  name: 'whoami',
  aliases: ['我是谁'],
  level: 'anyone',
  branch: 'none',
  summary: '查看你的账号标识（用于配置管理员）',
  usage: '/whoami',
  args: z.object({}),
  async run(ctx) {
    const { msg, actor } = ctx;
    const held = new Set(actor.grants.map((g) => g.role));
    const roles = Object.entries(ROLE_ZH).filter(([role]) => held.has(role as Role)).map(([, zh]) => zh);
    const lines = [
      `账号：${msg.platform}:${msg.senderId}`,
      actor.member ? `名册：${actor.member.name}` : '名册：尚未加入任何支部',
      ...(roles.length > 0 ? [`角色：${roles.join('、')}`] : []),
      adminLine(actor, `${msg.platform}:${msg.senderId}`),
    ];
    return answerPrivately(ctx, { lines }, '账号信息已私信发给你。');
  },
});

/** Only someone who is no admin in any way is told how to become one. */
function adminLine(actor: Actor, account: string): string {
  if (actor.isBootstrapAdmin) return '你是管理员（ZHIBU_ADMINS）。';
  if (actor.grants.some((g) => g.role === 'admin')) return '你已是管理员（由角色授予），无需再加入 ZHIBU_ADMINS。';
  return `要成为管理员，请 IT 管理员把「${account}」加入 ZHIBU_ADMINS。`;
}
