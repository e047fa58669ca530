import { z } from 'zod';
import { defineCommand } from '../define-command.js';
import { answer } from '../replies.js';

/** What the bot says when it is added to a group; platforms send it as `/welcome`. */
export const welcomeCommand = defineCommand({
  name: 'welcome',
  isHidden: true,
  level: 'anyone',
  branch: 'none',
  summary: '入群问候',
  usage: '/welcome',
  args: z.object({}),
  async run(ctx) {
    if (ctx.branch) return [answer(ctx.msg, `大家好，我是支部助手。本群已绑定「${ctx.branch.name}」，党员可以 @我 签到、请假，发送 /help 查看全部命令。`)];
    return [answer(ctx.msg, {
      title: '支部助手已加入本群',
      lines: [
        '我可以帮支部记录签到、请假和党费，并提醒固定党日、党费日和政治生日。',
        '请管理员发送「@支部助手 /bind 支部名称」，把本群绑定到支部。',
        '绑定后，党员可以 @我 签到、请假；发送 /help 查看全部命令。',
      ],
    })];
  },
});
