import { formatDateZh } from '../../domain/dates.js';
import type { SlotOf } from '../../domain/reminders/reminder-slots.js';
import { SECRETARY_FIRST } from '../branch-audience.js';
import type { PlannedNotification } from '../planned-notification.js';
import { toOfficers, type ExpandContext } from './expand-context.js';

type TermSlot = SlotOf<'term_election'>;

/** Term election (换届): the secretary hears 3 months and 1 month before the committee's term ends. */
export async function expandTermElection(ctx: ExpandContext, slot: TermSlot): Promise<PlannedNotification[]> {
  const started = ctx.settings.termStarted ?? '';
  return toOfficers(ctx, SECRETARY_FIRST, 'term_election', slot.occurrence, { dueAt: slot.dueAt, expiresAt: slot.expiresAt }, {
    title: '换届提醒',
    lines: [
      `本届支部委员会任期将于${formatDateZh(slot.endsOn)}届满（${formatDateZh(started)}起，任期 ${ctx.settings.termYears} 年）。`,
      slot.monthsAhead >= 3 ? '距届满约 3 个月，请向上级党组织报告，着手换届准备。' : '距届满约 1 个月，请抓紧完成换届选举各项准备。',
    ],
  });
}
