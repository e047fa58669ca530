import { findLiveOrganization } from '../../org-tree/find-organization.js';
import { mergeBranches, planMerge } from '../../org-tree/merge-branches.js';
import { CommandError } from '../command-error.js';
import { askToConfirm, CONFIRM_KEY, isConfirmed } from '../confirmation.js';
import { defineCommand } from '../define-command.js';
import { organizationArgs, requireParentAdmin, treeActor, treeStep } from '../organizations.js';
import { answer } from '../replies.js';

export const orgMergeCommand = defineCommand({
  name: 'org merge',
  aliases: ['组织 合并', 'branch merge', '支部 合并'],
  level: 'admin',
  isTreeCommand: true,
  branch: 'none',
  summary: '把一个支部并入另一个支部（两者上级组织的管理员；先预览再确认）：成员和尚未开始的活动转入，以往记录留在原支部，原支部随后撤销',
  usage: '/org merge <原支部> into=<并入的支部>',
  examples: ['/org merge 第三党支部 into=第一党支部'],
  keys: { into: ['并入', '到'], ...CONFIRM_KEY },
  args: organizationArgs('/org merge', '第三党支部 into=第一党支部', { into: '并入的支部' }),
  async run(ctx, { name, named }) {
    const intoName = named.into;
    if (!intoName) throw new CommandError('bad_args', '请写上并入的支部，例如：/org merge 第三党支部 into=第一党支部');
    await requireParentAdmin(ctx, await treeStep(() => findLiveOrganization(ctx.db, name)));
    await requireParentAdmin(ctx, await treeStep(() => findLiveOrganization(ctx.db, intoName)));
    const plan = await treeStep(() => planMerge(ctx.db, { fromName: name, toName: intoName, now: ctx.now }));
    const { from, to } = plan;
    if (!isConfirmed(named)) {
      const activities = [
        ...(plan.movingActivities > 0 ? [`尚未开始的 ${plan.movingActivities} 个活动转入「${to.name}」`] : []),
        ...(plan.ruleActivities > 0 ? [`按原支部固定党日自动安排的 ${plan.ruleActivities} 个主题党日取消，由「${to.name}」按本支部规则安排`] : []),
      ];
      return askToConfirm(ctx, {
        title: '合并支部（预览）',
        lines: [
          `「${from.name}」将并入「${to.name}」：名册上的 ${plan.members} 人自今日起转入「${to.name}」，已缴党费随人转入${activities.length > 0 ? `；${activities.join('；')}` : ''}。`,
          `以往的活动、签到、请假、党费和会议记录留在「${from.name}」，合并后「${from.name}」撤销，台账仍可按原名称导出。`,
        ],
      });
    }
    const { moved } = await treeStep(() => mergeBranches(ctx.db, plan, ctx.now, ctx.defaultZone, treeActor(ctx)));
    return [answer(ctx.msg, `已将「${from.name}」并入「${to.name}」，转入 ${moved} 人。「${from.name}」已撤销，以往记录保留，仍可导出台账。`)];
  },
});
