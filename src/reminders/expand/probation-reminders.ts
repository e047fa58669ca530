import { formatDateZh } from '../../domain/dates.js';
import { PROBATION_NOTICE_DAYS, probationNoticeOn } from '../../domain/calendar/probation.js';
import type { SlotOf } from '../../domain/reminders/reminder-slots.js';
import { ORGANIZATION_OFFICER_FIRST } from '../branch-audience.js';
import type { PlannedNotification } from '../planned-notification.js';
import { toMembers, toOfficers, type ExpandContext } from './expand-context.js';

type ProbationSlot = SlotOf<'probation'>;

/**
 * Probation: the member and the organization officer hear about 30 days before probation ends
 * and on the day. Conversion itself is decided by the branch meeting, never here.
 */
export async function expandProbation(ctx: ExpandContext, slot: ProbationSlot): Promise<PlannedNotification[]> {
  const timing = { dueAt: slot.dueAt, expiresAt: slot.expiresAt };
  const members = (await ctx.audience.members()).filter((m) => m.status === 'probationary');
  const due = members.flatMap((m) => {
    const started = m.probationStartedAt ?? m.joinedAt;
    const notice = started ? probationNoticeOn(started, slot.date) : undefined;
    return notice ? [{ ...m, ...notice }] : [];
  });
  const planned: PlannedNotification[] = [];
  for (const m of due) {
    const endsOn = formatDateZh(m.endsOn);
    const occurrence = `${m.endsOn}:${m.notice}`;
    planned.push(...(await toMembers(ctx, 'probation_member', occurrence, timing, [m], () => ({
      title: '预备期提醒',
      lines: m.notice === 'ahead'
        ? [`你的预备期将于${endsOn}期满（还有 ${PROBATION_NOTICE_DAYS} 天）。`, '请在期满前向党支部提交书面转正申请。']
        : [`你的预备期于${endsOn}期满。`, '如尚未提交转正申请，请尽快向党支部提交。'],
    }))));
    planned.push(...(await toOfficers(ctx, ORGANIZATION_OFFICER_FIRST, 'probation_officer', `member-${m.id}:${occurrence}`, timing, {
      title: '预备党员转正提醒',
      lines: m.notice === 'ahead'
        ? [`${m.name}的预备期将于${endsOn}期满（还有 ${PROBATION_NOTICE_DAYS} 天）。`, '请提醒其提交转正申请，并准备支部党员大会讨论。']
        : [`${m.name}的预备期于${endsOn}期满。`, '转正须经支部党员大会讨论、上级党组织审批。'],
    })));
  }
  return planned;
}
