import { hostname } from 'node:os';
import type { OutgoingMessage, PlatformName, Recipient, SendOptions, SendResult } from '../bot/types.js';
import { monotonicMs } from '../clock.js';
import type { Db, Notification } from '../db/client.js';
import { readBranchSettings } from '../domain/branch-settings.js';
import { afterQuietHours, isQuiet } from '../domain/calendar/quiet-hours.js';
import type { Logger } from '../logger.js';
import { branchAudience, SECRETARY_FIRST } from './branch-audience.js';
import { describeKind } from './describe-kind.js';
import { forEachAtOnce } from './for-each-at-once.js';
import { combinedMessage, combineKeyOf, MAX_COMBINED, readReplyPayload, REPLY_KIND } from '../outbox/reply-rows.js';
import { toOutboxEntries, writeOutbox } from './outbox.js';
import { planned } from './planned-notification.js';
import type { Metrics } from '../metrics.js';

/**
 * What the dispatcher needs of a chat platform: every ChatPlatform is one. (The reminders
 * never import a platform; main.ts hands them in.)
 */
export interface MessageSender {
  readonly name: PlatformName;
  send(to: Recipient, message: OutgoingMessage, options?: SendOptions): Promise<SendResult>;
}

export interface DispatcherDeps {
  db: Db;
  platforms: ReadonlyMap<PlatformName, MessageSender>;
  log: Logger;
  /** Who claims rows: unique per process ("host:pid:random"). */
  workerId: string;
  defaultZone: string;
  /** Rows read at a time; a pass reads batches until none is due or its time is spent. */
  batchSize?: number;
  /** Sends in flight at once (the platforms' own limiters keep them within the rate limits). */
  concurrency?: number;
  /** How long one pass may keep sending (wall time); what is left waits for the next tick. */
  timeBudgetMs?: number;
  /** Tries before giving up and telling the secretary. */
  maxAttempts?: number;
  /** How long a claim holds; a process that dies mid-send loses its rows to others after it. */
  leaseMs?: number;
  /**
   * Which rows this dispatcher sends: the reminders (the minute tick), or the replies to
   * messages (sent at once, retried every few seconds through an outage, no quiet hours,
   * dropped only when stale).
   */
  queue?: 'reminders' | 'replies';
  /** False once the pass should claim no more rows (a process stopping); always true when absent. */
  isStillSending?: () => boolean;
  /** Only the rows to this recipient (a reply lane); every recipient when absent. */
  recipient?: OutboxRecipient;
  metrics?: Metrics | undefined;
}

/** Who an outbox row goes to: the rows of one recipient are sent one after another. */
export interface OutboxRecipient {
  platform: string;
  tenant: string;
  targetKind: string;
  targetId: string;
}

export interface DispatchSummary {
  sent: number;
  retrying: number;
  failed: number;
  skipped: number;
  /** Held back by quiet hours or a platform's rate limit. */
  deferred: number;
}

// A minute's tick may send for 50 s: at Feishu's 50 messages a second, 2,500 reminders a tick.
const DEFAULTS = { batchSize: 200, maxAttempts: 5, leaseMs: 5 * 60_000, concurrency: 8, timeBudgetMs: 50_000 };
/** Waits between tries, doubling from the first to the longest. */
const RETRY = {
  reminders: { firstMs: 60_000, maxMs: 30 * 60_000, maxAttempts: DEFAULTS.maxAttempts },
  // A person is waiting: try again soon, for as long as the reply is worth sending (expiresAt).
  replies: { firstMs: 5_000, maxMs: 60_000, maxAttempts: Number.POSITIVE_INFINITY },
} as const;

type Row = Notification & { member: { name: string } | null; branch: { settings: unknown } | null };
const ROW_INCLUDE = { member: { select: { name: true } }, branch: { select: { settings: true } } } as const;

/**
 * One dispatch pass at `now`: claims due outbox rows, sends each through its platform and
 * records the outcome. A claim is a compare-and-set on the row (claimable -> sending, claimed
 * by this worker), so several processes on one database send each row once.
 * Failures worth retrying wait with exponential backoff (or as long as the platform asks);
 * after `maxAttempts` the row is failed and the secretary is told in private.
 */
export async function dispatchDue(deps: DispatcherDeps, now: Date): Promise<DispatchSummary> {
  const { db } = deps;
  const batchSize = deps.batchSize ?? DEFAULTS.batchSize;
  const leaseMs = deps.leaseMs ?? DEFAULTS.leaseMs;
  const startedAt = monotonicMs();
  const summary: DispatchSummary = { sent: 0, retrying: 0, failed: 0, skipped: 0, deferred: 0 };
  const throttledUntil = new Map<string, Date>();
  for (;;) {
    // A platform that asked us to slow down is left alone for the rest of the pass.
    const throttled = [...throttledUntil].filter(([, until]) => until > now).map(([platform]) => platform);
    const due: Row[] = await db.notification.findMany({
      where: { dueAt: { lte: now }, ...claimable(now), ...ofQueue(deps.queue), ...(deps.recipient ?? {}), ...(throttled.length > 0 ? { platform: { notIn: throttled } } : {}) },
      include: ROW_INCLUDE,
      orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
      take: batchSize,
    });
    // Recipients are served side by side; one recipient's messages go one after another, in
    // the order they were due (after an outage, a group still hears the eve before the morning).
    await forEachAtOnce(byRecipient(due), deps.concurrency ?? DEFAULTS.concurrency, async (rows) => {
      const taken = new Set<number>();
      for (const [index, row] of rows.entries()) {
        if (taken.has(row.id)) continue;
        if (deps.isStillSending && !deps.isStillSending()) return;
        if ((throttledUntil.get(row.platform) ?? now) > now) {
          summary.deferred += 1;
          continue;
        }
        // A reply already sent as part of a combined message goes again with exactly its companions.
        const run = row.sendKey ? await db.notification.findMany({ where: { sendKey: row.sendKey, ...claimable(now) }, include: ROW_INCLUDE, orderBy: { id: 'asc' } }) : combinableRun(rows, index);
        for (const r of run) taken.add(r.id);
        const claimed: Row[] = [];
        for (const r of run) {
          const claim = await db.notification.updateMany({
            where: { id: r.id, ...claimable(now) },
            data: { status: 'sending', claimedBy: deps.workerId, claimedUntil: new Date(now.getTime() + leaseMs) },
          });
          if (claim.count === 1) claimed.push(r); // else another process has it
        }
        const [only] = claimed;
        const outcomes = claimed.length > 1 || row.sendKey ? await deliverCombined(deps, claimed, now, row.sendKey ?? undefined) : only ? [await deliver(deps, only, now)] : [];
        for (const [at, outcome] of outcomes.entries()) {
          summary[outcome.kind] += 1;
          deps.metrics?.notifications.inc({ kind: claimed[at]?.kind ?? REPLY_KIND, status: outcome.kind });
          if (outcome.retryAfter) throttledUntil.set(claimed[at]?.platform ?? row.platform, outcome.retryAfter);
        }
      }
    });
    if (due.length < batchSize || monotonicMs() - startedAt > (deps.timeBudgetMs ?? DEFAULTS.timeBudgetMs) || deps.isStillSending?.() === false) break;
  }
  // The queue gauges are the minute tick's job: a reply pass runs per message, and two counts
  // each time would be work on the hot path.
  if (deps.metrics && deps.queue !== 'replies') await measureQueue(db, deps.metrics, now);
  return summary;
}

/**
 * The recipients that have rows of `queue` due and claimable at `now`, the longest waiting
 * first (at most `take`): a reply dispatch gives each its own lane.
 */
export async function dueRecipients(db: Db, now: Date, queue: DispatcherDeps['queue'], take = 200): Promise<OutboxRecipient[]> {
  const groups = await db.notification.groupBy({
    by: ['platform', 'tenant', 'targetKind', 'targetId'],
    where: { dueAt: { lte: now }, ...claimable(now), ...ofQueue(queue) },
    _min: { dueAt: true },
    orderBy: { _min: { dueAt: 'asc' } },
    take,
  });
  return groups.map(({ platform, tenant, targetKind, targetId }) => ({ platform, tenant, targetKind, targetId }));
}

/** The rows of one queue: replies are a kind of their own. */
function ofQueue(queue: DispatcherDeps['queue']) {
  return queue === 'replies' ? { kind: REPLY_KIND } : { kind: { not: REPLY_KIND } };
}

/**
 * Hands back the rows a dead process was sending: on SQLite one bot serves a database, so at
 * start-up a "sending" claim is a dead process's, unless it is a `zhibu tick` still running
 * beside it on this host (its claims are left to it: handing them back would send them twice).
 * A row it had sent but not marked goes out again with the same idempotency key (Feishu shows
 * one message per uuid).
 */
export async function releaseSendsOfDeadProcess(db: Db, workerId: string): Promise<number> {
  const claimants = await db.notification.groupBy({ by: ['claimedBy'], where: { status: 'sending', NOT: { claimedBy: workerId } } });
  const dead = claimants.map((c) => c.claimedBy).filter((c): c is string => c !== null && !isLiveProcessOfThisHost(c));
  const released = await db.notification.updateMany({
    where: { status: 'sending', OR: [{ claimedBy: null }, { claimedBy: { in: dead } }] },
    data: { status: 'pending', claimedBy: null, claimedUntil: null },
  });
  return released.count;
}

/** Whether a worker id ("host:pid:random", newWorkerId) names a process alive on this host. */
export function isLiveProcessOfThisHost(claimedBy: string): boolean {
  const [host, pid] = claimedBy.split(':');
  if (host !== hostname() || !pid || !/^\d+$/.test(pid)) return false;
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch (error) {
    // EPERM: it exists, run by another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Rows grouped by who receives them, each group in the rows' order. */
function byRecipient(rows: readonly Row[]): Row[][] {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const key = recipientKey(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return [...groups.values()];
}

/** One string per recipient. */
export function recipientKey({ platform, tenant, targetKind, targetId }: OutboxRecipient): string {
  return `${platform}|${tenant}|${targetKind}|${targetId}`;
}

/**
 * Rows a worker may claim: pending and unclaimed, or left "sending" by a process that died
 * before its claim lapsed. As the condition of a compare-and-set, exactly one claimer wins.
 */
function claimable(now: Date) {
  return {
    OR: [
      { status: 'pending' as const, OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }] },
      { status: 'sending' as const, claimedUntil: { lt: now } },
    ],
  };
}

type Outcome = { kind: keyof DispatchSummary; retryAfter?: Date };

/** The dispatcher queue for /metrics: due rows not yet sent, and how long the oldest has waited. */
async function measureQueue(db: Db, metrics: Metrics, now: Date): Promise<void> {
  const waiting = { dueAt: { lte: now }, status: { in: ['pending', 'sending'] as ('pending' | 'sending')[] } };
  const [depth, oldest] = await Promise.all([
    db.notification.count({ where: waiting }),
    db.notification.findFirst({ where: waiting, orderBy: { dueAt: 'asc' }, select: { dueAt: true } }),
  ]);
  metrics.queueDepth.set(depth);
  metrics.oldestDueAge.set(oldest ? (now.getTime() - oldest.dueAt.getTime()) / 1000 : 0);
}


/**
 * The rows from `rows[start]` that may go as one message: consecutive replies of the same
 * combine key (a group's check-ins waiting for its turn) never combined before, at most
 * MAX_COMBINED; else the row alone.
 */
function combinableRun(rows: readonly Row[], start: number): Row[] {
  const first = rows[start];
  if (!first) return [];
  const key = first.kind === REPLY_KIND ? combineKeyOf(first.payload) : undefined;
  const run = [first];
  for (let i = start + 1; key !== undefined && i < rows.length && run.length < MAX_COMBINED; i += 1) {
    const row = rows[i];
    // A row already sent as part of another combination goes only with that one (its sendKey).
    if (!row || row.kind !== REPLY_KIND || row.sendKey !== null || combineKeyOf(row.payload) !== key) break;
    run.push(row);
  }
  return run;
}

async function deliver(deps: DispatcherDeps, row: Row, now: Date): Promise<Outcome> {
  return (await settleUnsendable(deps, row, now)) ?? recordResult(deps, row, now, await send(deps.platforms, row));
}

/**
 * Claimed replies sent as one message (combinedMessage); each row records the one send's
 * outcome. The send's idempotency key is stored on the rows first (`sendKey`): rows a crash or
 * a failed send left unmarked go again together under the same key, and Feishu, which shows a
 * message once per key, shows the combined message once.
 */
async function deliverCombined(deps: DispatcherDeps, rows: readonly Row[], now: Date, sendKey: string | undefined): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  const fresh: Row[] = [];
  for (const row of rows) {
    const settled = await settleUnsendable(deps, row, now);
    if (settled) outcomes.push(settled);
    else fresh.push(row);
  }
  const [first] = fresh;
  if (!first) return outcomes;
  const key = sendKey ?? `notification:combined:${first.id}+${fresh.length}`;
  if (!sendKey) await deps.db.notification.updateMany({ where: { id: { in: fresh.map((r) => r.id) }, claimedBy: deps.workerId, status: 'sending' }, data: { sendKey: key } });
  const parts = fresh.flatMap((row) => {
    const { message, combine } = readReplyPayload(row.payload);
    return combine ? [{ message, combine }] : [];
  });
  const result = await send(deps.platforms, first, { message: combinedMessage(parts), idempotencyKey: key });
  for (const row of fresh) outcomes.push(await recordResult(deps, row, now, result));
  return outcomes;
}

/** A claimed row that is not sent now: stale (skipped or failed), or a reminder in quiet hours (deferred). */
async function settleUnsendable(deps: DispatcherDeps, row: Row, now: Date): Promise<Outcome | undefined> {
  const mine = { id: row.id, claimedBy: deps.workerId, status: 'sending' } as const;
  const release = { claimedBy: null, claimedUntil: null };
  if (row.expiresAt && now >= row.expiresAt) {
    if (row.attempts > 0) return giveUp(deps, row, now, `no longer useful after ${row.attempts} tries: ${row.lastError ?? ''}`);
    await deps.db.notification.updateMany({ where: mine, data: { ...release, status: 'skipped', lastError: 'no longer useful when its turn came' } });
    return { kind: 'skipped' };
  }
  const settings = readBranchSettings(row.branch?.settings, deps.defaultZone);
  if (row.kind !== REPLY_KIND && isQuiet(now, settings.quiet, settings.timezone)) {
    await deps.db.notification.updateMany({ where: mine, data: { ...release, status: 'pending', dueAt: afterQuietHours(now, settings.quiet, settings.timezone) } });
    return { kind: 'deferred' };
  }
  return undefined;
}

/** Marks a claimed row after its send: sent, waiting for a retry, or failed for good. */
async function recordResult(deps: DispatcherDeps, row: Row, now: Date, result: SendResult): Promise<Outcome> {
  const { db, workerId } = deps;
  const mine = { id: row.id, claimedBy: workerId, status: 'sending' } as const;
  const release = { claimedBy: null, claimedUntil: null };
  const retry = RETRY[deps.queue ?? 'reminders'];
  const attempts = row.attempts + 1;
  if (result.ok) {
    // A sent reply's content is not kept: it may hold amounts, reasons or a whole ledger file.
    const forgotten = row.kind === REPLY_KIND ? { payload: {} } : {};
    await db.notification.updateMany({ where: mine, data: { ...release, ...forgotten, status: 'sent', sentAt: now, attempts, lastError: null } });
    return { kind: 'sent' };
  }
  const error = result.error ?? 'send failed';
  if (!result.isRetryable || attempts >= (deps.maxAttempts ?? retry.maxAttempts)) return giveUp(deps, { ...row, attempts }, now, error);
  const backoff = Math.min(retry.firstMs * 2 ** (attempts - 1), retry.maxMs);
  const retryAt = new Date(now.getTime() + Math.max(backoff, result.retryAfterMs ?? 0));
  await db.notification.updateMany({ where: mine, data: { ...release, status: 'pending', dueAt: retryAt, attempts, lastError: error } });
  deps.log.warn({ notificationId: row.id, attempts, error, retryAt }, 'send failed; will retry');
  return { kind: 'retrying', ...(result.retryAfterMs ? { retryAfter: new Date(now.getTime() + result.retryAfterMs) } : {}) };
}

async function send(platforms: ReadonlyMap<PlatformName, MessageSender>, row: Row, combined?: { message: OutgoingMessage; idempotencyKey: string }): Promise<SendResult> {
  const platform = platforms.get(row.platform as PlatformName);
  if (!platform) return { ok: false, isRetryable: true, error: `platform ${row.platform} is not running` };
  const to: Recipient = { platform: platform.name, tenant: row.tenant, kind: row.targetKind === 'chat' ? 'chat' : 'user', id: row.targetId, ...(row.member ? { label: row.member.name } : {}) };
  try {
    // The payload was written by the planner from an OutgoingMessage.
    // The same key on every try: Feishu shows a message once per uuid, so a send retried after
    // a crash (the platform took it, the row was not yet marked) is not shown twice.
    const idempotencyKey = `notification:${row.idempotencyKey}`;
    // Several people's replies in one message thread to none of theirs.
    if (combined) return await platform.send(to, combined.message, { idempotencyKey: combined.idempotencyKey });
    if (row.kind === REPLY_KIND) {
      const { message, inReplyTo } = readReplyPayload(row.payload);
      return await platform.send(to, message, { idempotencyKey, ...(inReplyTo ? { inReplyTo } : {}) });
    }
    return await platform.send(to, row.payload as unknown as OutgoingMessage, { idempotencyKey });
  } catch (error) {
    // An adapter should answer with a SendResult; a throw is most likely the network.
    return { ok: false, isRetryable: true, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Marks a row failed for good and tells the branch's secretary, in private, what did not arrive. */
async function giveUp(deps: DispatcherDeps, row: Row, now: Date, error: string): Promise<Outcome> {
  await deps.db.notification.updateMany({
    where: { id: row.id, claimedBy: deps.workerId, status: 'sending' },
    data: { status: 'failed', claimedBy: null, claimedUntil: null, attempts: row.attempts, lastError: error },
  });
  deps.log.error({ notificationId: row.id, kind: row.kind, error }, 'gave up sending a notification');
  // A note about a note that failed would only fail the same way.
  if (row.kind === 'delivery_failed' || row.branchId === null) return { kind: 'failed' };
  const settings = readBranchSettings(row.branch?.settings, deps.defaultZone);
  const audience = branchAudience(deps.db, row.branchId);
  const secretaries = await audience.privately(await audience.officers(SECRETARY_FIRST));
  const to = row.targetKind === 'chat' ? '本支部群聊' : (row.member?.name ?? '一位成员');
  const notes = [...secretaries].map(([memberId, recipient]) => planned('delivery_failed', `notification-${row.id}`, {
    branchId: row.branchId ?? 0, memberId, to: recipient, dueAt: now, expiresAt: new Date(now.getTime() + 7 * 24 * 3600_000),
    message: { title: '提醒发送失败', lines: [`「${describeKind(row.kind)}」发给${to}的消息多次发送失败，已停止重试。`, '请检查机器人是否还在群里、对方账号是否可用。'] },
  }));
  await writeOutbox(deps.db, toOutboxEntries(notes, settings.quiet, settings.timezone, now), now);
  return { kind: 'failed' };
}
