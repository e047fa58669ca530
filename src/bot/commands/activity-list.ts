import { DateTime } from 'luxon';
import { z } from 'zod';
import { ACTIVITY_KINDS } from '../../domain/activity-kinds.js';
import { formatDateTimeZh } from '../../domain/dates.js';
import { defineCommand } from '../define-command.js';
import { branchOf } from '../guards.js';
import { answer } from '../replies.js';

const RECENT = 3;
const UPCOMING = 10;

export const activityListCommand = defineCommand({
  name: 'activity list',
  aliases: ['活动 列表', '活动'],
  level: 'member',
  branch: 'required',
  summary: '本支部近期和即将开展的活动',
  usage: '/activity list',
  args: z.object({}),
  async run(ctx) {
    const branch = branchOf(ctx);
    const startOfToday = DateTime.fromJSDate(ctx.now, { zone: branch.zone }).startOf('day').toJSDate();
    const [upcoming, recent] = await Promise.all([
      ctx.db.activity.findMany({ where: { branchId: branch.id, status: 'scheduled', startsAt: { gte: startOfToday } }, orderBy: { startsAt: 'asc' }, take: UPCOMING }),
      ctx.db.activity.findMany({ where: { branchId: branch.id, status: 'scheduled', startsAt: { lt: startOfToday } }, orderBy: { startsAt: 'desc' }, take: RECENT }),
    ]);
    if (upcoming.length + recent.length === 0) return [answer(ctx.msg, `「${branch.name}」还没有安排活动。书记可用 /activity new 安排。`)];
    const line = (a: (typeof upcoming)[number]) => `#${a.id} ${formatDateTimeZh(a.startsAt, branch.zone, ctx.now)} ${ACTIVITY_KINDS[a.kind].nameZh}：${a.title}${a.place ? `（${a.place}）` : ''}`;
    const lines = [
      ...(upcoming.length > 0 ? ['今天及以后：', ...upcoming.map(line)] : ['今天及以后：暂无安排']),
      ...(recent.length > 0 ? ['最近：', ...recent.map(line)] : []),
    ];
    return [answer(ctx.msg, { title: `「${branch.name}」活动`, lines })];
  },
});
