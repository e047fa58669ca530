import { BRANCH_OFFICER_ROLES } from '../bot/actor.js';
import type { OutgoingMessage } from '../bot/types.js';
import type { Db } from '../db/client.js';
import { readBranchSettings, readStoredSettings } from '../domain/branch-settings.js';
import { addDays, endOfLocalDay } from '../domain/calendar/calendar-dates.js';
import { termEndOf } from '../domain/calendar/committee-term.js';
import { formatDateZh, instantOf, localDate } from '../domain/dates.js';
import { ORGANIZATION_KIND_ZH } from '../domain/organization-kinds.js';
import { DEFAULT_TERM_YEARS_BY_KIND, TERM_NOTICE_USEFUL_DAYS, termNoticeDue, type TermNotice } from '../domain/organization-terms.js';
import { accountsOf } from './organization-accounts.js';
import { toOutboxEntries, writeOutbox } from './outbox.js';
import { planned, type PlannedNotification } from './planned-notification.js';

const NOTICE_TIME = { hour: 9, minute: 0 };

/**
 * Term notices (换届提醒) for every organisation with a recorded term, at 6, 3 and 1 months
 * before it ends and the day after: to the officers of a 党委 or 总支 (a branch's own officers
 * hear from the branch's reminder slots) and to the admins of the level above, in private.
 * Keys hold the organisation, the term's end and the notice, so each goes out once and a
 * newly recorded term starts afresh. Returns the rows written.
 */
export async function planOrganizationTermNotices(db: Db, now: Date, defaultZone: string): Promise<number> {
  const orgs = await db.organization.findMany({ where: { dissolvedAt: null }, select: { id: true, name: true, kind: true, parentId: true, settings: true } });
  const byId = new Map(orgs.map((o) => [o.id, o]));
  let written = 0;
  for (const org of orgs) {
    const stored = readStoredSettings(org.settings);
    if (!stored.termStarted) continue;
    const settings = readBranchSettings(org.settings, defaultZone);
    const zone = settings.timezone;
    const years = stored.termYears ?? DEFAULT_TERM_YEARS_BY_KIND[org.kind];
    const endsOn = termEndOf(stored.termStarted, years);
    const due = termNoticeDue(endsOn, localDate(now, zone));
    const dueAt = due ? instantOf(due.on, NOTICE_TIME, zone) : undefined;
    if (!due || !dueAt || dueAt > now) continue;
    const parent = org.parentId === null ? undefined : byId.get(org.parentId);
    const officers = org.kind === 'branch' ? [] : await holders(db, org.id, [...BRANCH_OFFICER_ROLES]);
    const upper = parent ? await holders(db, parent.id, ['admin']) : [];
    const timing = { dueAt, expiresAt: endOfLocalDay(addDays(due.on, TERM_NOTICE_USEFUL_DAYS - 1), zone), branchId: org.id };
    const occurrence = `org-${org.id}:${endsOn}:${due.notice}`;
    const rows: PlannedNotification[] = [];
    const reached = new Set<number>();
    for (const [memberIds, closing] of [
      [officers, '请向上级党组织报告，着手换届准备。'],
      [upper, `你是上级组织「${parent?.name ?? ''}」的管理员，请督促其按期换届。`],
    ] as const) {
      for (const [memberId, to] of await accountsOf(db, memberIds.filter((id) => !reached.has(id)))) {
        reached.add(memberId);
        rows.push(planned('org_term', occurrence, { ...timing, memberId, to, message: termMessage(org, stored.termStarted, years, endsOn, due.notice, closing) }));
      }
    }
    written += (await writeOutbox(db, toOutboxEntries(rows, settings.quiet, zone, now), now)).length;
  }
  return written;
}

function termMessage(org: { name: string; kind: keyof typeof ORGANIZATION_KIND_ZH }, startedOn: string, years: number, endsOn: string, notice: TermNotice, closing: string): OutgoingMessage {
  const what = `「${org.name}」（${ORGANIZATION_KIND_ZH[org.kind]}）`;
  const term = `${formatDateZh(startedOn)}起，任期 ${years} 年`;
  const first = notice === 'overdue'
    ? `${what}本届任期已于 ${formatDateZh(endsOn)} 届满（${term}），尚未登记新一届任期。`
    : `${what}本届任期将于 ${formatDateZh(endsOn)} 届满（${term}），还有约 ${notice.slice(0, 1)} 个月。`;
  return { title: '换届提醒', lines: [first, closing, `换届后发送 /org term ${org.name} started=新一届开始日期 登记。`] };
}

/** Current members holding one of `roles` in the organisation. */
async function holders(db: Db, organizationId: number, roles: string[]): Promise<number[]> {
  const grants = await db.roleGrant.findMany({ where: { organizationId, member: { leftAt: null } }, select: { memberId: true, role: true }, orderBy: { memberId: 'asc' } });
  return [...new Set(grants.filter((g) => roles.includes(g.role)).map((g) => g.memberId))];
}
