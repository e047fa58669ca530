import type { ReminderSlot } from '../../domain/reminders/reminder-slots.js';
import type { PlannedNotification } from '../planned-notification.js';
import { expandBirthdays } from './birthday-reminders.js';
import { expandDigest } from './digest-reminder.js';
import { expandDues } from './dues-reminders.js';
import type { ExpandContext } from './expand-context.js';
import { expandPartyDay } from './party-day-reminders.js';
import { expandProbation } from './probation-reminders.js';
import { expandRecordReminder } from './record-reminders.js';
import { expandTermElection } from './term-election-reminder.js';

/** The notifications a slot stands for: who hears what. Reads the records; writes nothing. */
export async function expandSlot(ctx: ExpandContext, slot: ReminderSlot): Promise<PlannedNotification[]> {
  switch (slot.kind) {
    case 'party_day_eve':
    case 'party_day_morning':
    case 'party_day_start':
      return expandPartyDay(ctx, slot);
    case 'dues_day':
    case 'dues_follow_up':
      return expandDues(ctx, slot);
    case 'birthdays':
    case 'birthday_month':
      return expandBirthdays(ctx, slot);
    case 'probation':
      return expandProbation(ctx, slot);
    case 'term_election':
      return expandTermElection(ctx, slot);
    case 'digest':
    case 'party_day_digest':
      return expandDigest(ctx, slot);
    case 'record_missing':
      return expandRecordReminder(ctx, slot);
  }
}
