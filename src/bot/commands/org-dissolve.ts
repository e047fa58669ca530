import { dissolveOrganization, planDissolution } from '../../org-tree/dissolve-organization.js';
import { findLiveOrganization } from '../../org-tree/find-organization.js';
import { askToConfirm, CONFIRM_KEY, isConfirmed } from '../confirmation.js';
import { defineCommand } from '../define-command.js';
import { organizationArgs, requireParentAdmin, treeActor, treeStep } from '../organizations.js';
import { answer } from '../replies.js';

export const orgDissolveCommand = defineCommand({
  name: 'org dissolve',
  aliases: ['组织 撤销', 'branch dissolve', '支部 撤销'],
  level: 'admin',
  isTreeCommand: true,
  branch: 'none',
  summary: '撤销一个已无成员、无下级的组织（上级组织的管理员；先预览再确认）；记录保留，台账仍可导出',
  usage: '/org dissolve <名称>',
  examples: ['/org dissolve 第三党支部'],
  keys: { ...CONFIRM_KEY },
  args: organizationArgs('/org dissolve', '第三党支部', {}),
  async run(ctx, { name, named }) {
    await requireParentAdmin(ctx, await treeStep(() => findLiveOrganization(ctx.db, name)));
    const plan = await treeStep(() => planDissolution(ctx.db, { name, now: ctx.now }));
    const effects = [
      ...(plan.chatBindings > 0 ? [`解除 ${plan.chatBindings} 个群聊的绑定`] : []),
      ...(plan.roleGrants > 0 ? [`结束 ${plan.roleGrants} 项在该组织的职务或管理员授权`] : []),
      ...(plan.futureActivities > 0 ? [`取消 ${plan.futureActivities} 个尚未开始的活动`] : []),
    ];
    if (!isConfirmed(named)) {
      return askToConfirm(ctx, {
        title: '撤销组织（预览）',
        lines: [`将撤销「${plan.org.name}」。${effects.length > 0 ? `同时${effects.join('，')}。` : ''}`, '已有的活动、签到、党费记录和审计记录都保留，台账仍可按原名称导出。'],
      });
    }
    await treeStep(() => dissolveOrganization(ctx.db, plan, ctx.now, treeActor(ctx)));
    return [answer(ctx.msg, `已撤销「${plan.org.name}」。以往记录保留，仍可用 zhibu export --branch ${plan.org.name} 导出台账。`)];
  },
});
