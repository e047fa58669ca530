import { z } from 'zod';
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
    const lines = [
      `账号：${msg.platform}:${msg.senderId}`,
      actor.member ? `名册：${actor.member.name}` : '名册：尚未加入任何支部',
      actor.isBootstrapAdmin ? '你是管理员（ZHIBU_ADMINS）。' : `要成为管理员，请 IT 管理员把「${msg.platform}:${msg.senderId}」加入 ZHIBU_ADMINS。`,
    ];
    return answerPrivately(ctx, { lines }, '账号信息已私信发给你。');
  },
});
