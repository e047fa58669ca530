import { isPartyMember } from '../member-status.js';
import type { MemberStatus } from '../vocabulary.js';
import { monthOfDate, monthRange, type YearMonth } from './months.js';

/**
 * The first month a member owes dues: full and probationary members pay from the month of
 * admission (joinedAt; probationary members too, by the rules), but the bot tracks nothing
 * before the branch's `trackingSince` month. Undefined for people who are not Party members.
 */
export function firstDueMonth(member: { status: MemberStatus; joinedAt: string | null }, trackingSince: YearMonth): YearMonth | undefined {
  if (!isPartyMember(member.status)) return undefined;
  const joined = member.joinedAt ? monthOfDate(member.joinedAt) : trackingSince;
  return joined > trackingSince ? joined : trackingSince;
}

/** Every month from `firstDueMonth` to `throughMonth` (included) that is not paid, oldest first. */
export function unpaidMonths(input: { paidMonths: ReadonlySet<string>; firstDueMonth: string; throughMonth: string }): YearMonth[] {
  return monthRange(input.firstDueMonth, input.throughMonth).filter((m) => !input.paidMonths.has(m));
}
