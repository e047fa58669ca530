import { BRANCH_OFFICER_ROLES } from '../bot/actor.js';
import type { Db } from '../db/client.js';
import { loadTreeScoreboard } from '../digest/load-tree-scoreboard.js';
import { renderTreeScoreboard } from '../digest/render-scoreboard.js';
import { readBranchSettings } from '../domain/branch-settings.js';
import { addDays, addMonths, endOfLocalDay, monthOf } from '../domain/calendar/calendar-dates.js';
import { instantOf, localDate } from '../domain/dates.js';
import { accountsOf } from './organization-accounts.js';
import { toOutboxEntries, writeOutbox } from './outbox.js';
import { planned, type PlannedNotification } from './planned-notification.js';

/** The previous month's scoreboard goes out on the 1st at this time. */
export const SCOREBOARD_TIME = { hour: 9, minute: 0 };
/** After this many days a missed scoreboard (the bot was down) is no longer sent. */
const SCOREBOARD_USEFUL_DAYS = 7;
/** Who hears an organisation's scoreboard: its officers and admins. */
const SCOREBOARD_ROLES: readonly string[] = [...BRANCH_OFFICER_ROLES, 'admin'];

/**
 * The monthly scoreboard of each 工委, 党委 and 总支, in private to its officers and admins on
 * the 1st at 09:00, for the month before. Computed only when someone has not had it yet (the
 * keys hold the organisation and the month), so the ticks of the rest of the week are cheap.
 * Returns the rows written.
 */
export async function planTreeScoreboards(db: Db, now: Date, defaultZone: string): Promise<number> {
  const today = localDate(now, defaultZone);
  const first = `${monthOf(today)}-01`;
  const dueAt = instantOf(first, SCOREBOARD_TIME, defaultZone);
  if (now < dueAt || today > addDays(first, SCOREBOARD_USEFUL_DAYS - 1)) return 0;
  const month = addMonths(monthOf(today), -1);
  const uppers = await db.organization.findMany({ where: { dissolvedAt: null, kind: { not: 'branch' } }, select: { id: true, settings: true }, orderBy: { id: 'asc' } });
  let written = 0;
  for (const org of uppers) {
    const grants = await db.roleGrant.findMany({ where: { organizationId: org.id, member: { leftAt: null } }, select: { memberId: true, role: true }, orderBy: { memberId: 'asc' } });
    const memberIds = [...new Set(grants.filter((g) => SCOREBOARD_ROLES.includes(g.role)).map((g) => g.memberId))];
    const occurrence = `org-${org.id}:${month}`;
    const done = await db.notification.findMany({ where: { kind: 'tree_scoreboard', idempotencyKey: { endsWith: `:${occurrence}` } }, select: { memberId: true } });
    const heard = new Set(done.map((n) => n.memberId));
    const accounts = await accountsOf(db, memberIds.filter((id) => !heard.has(id)));
    if (accounts.size === 0) continue;
    const settings = readBranchSettings(org.settings, defaultZone);
    const message = renderTreeScoreboard(await loadTreeScoreboard(db, [org.id], month, now, defaultZone));
    const timing = { dueAt, expiresAt: endOfLocalDay(addDays(first, SCOREBOARD_USEFUL_DAYS - 1), defaultZone), branchId: org.id };
    const rows: PlannedNotification[] = [...accounts].map(([memberId, to]) => planned('tree_scoreboard', occurrence, { ...timing, memberId, to, message }));
    written += (await writeOutbox(db, toOutboxEntries(rows, settings.quiet, settings.timezone, now), now)).length;
  }
  return written;
}
