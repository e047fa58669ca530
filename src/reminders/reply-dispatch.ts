import { monotonicMs, type Clock } from '../clock.js';
import { dispatchDue, dueRecipients, recipientKey, type DispatcherDeps, type OutboxRecipient } from './dispatcher.js';

/** How often replies waiting for a retry are looked at, without a new one to send. */
const RETRY_EVERY_MS = 5_000;
/**
 * Recipients served at once. Each lane mostly waits for its chat's turn in the platform's rate
 * limiter, which shares the app-wide slots fairly; this bounds only the lanes' database work.
 */
const MAX_LANES = 64;
/** How long one lane keeps sending before it makes room (its recipient is found again at once). */
const LANE_BUDGET_MS = 20_000;
/**
 * How long a stopping process keeps sending what is due (the replies of the messages it just
 * finished); what is left stays in the outbox for the next start. `zhibu serve` must stop
 * within 10 s.
 */
const SENDING_AFTER_STOP_MS = 4_000;

export interface ReplyDispatch {
  /** New replies were stored: send them now (a look in progress is followed by another). */
  kick(): void;
  /** Stops and waits for the sends in progress. */
  stop(): Promise<void>;
}

/**
 * Sends the replies to messages from the outbox: at once when they are stored, and every few
 * seconds for those waiting to be retried (an outage of the platform). Independent of the
 * reminder scheduler, which may be off. Each recipient with replies due gets a lane of its
 * own, so a group with hundreds of replies queued behind Feishu's 5/s per chat never holds up
 * the answer to a private message or another group: a new reply starts its own lane as soon
 * as it is stored. Several processes share the rows through the dispatcher's claims.
 *
 * @example
 * const replies = startReplyDispatch({ db, platforms, log, workerId, defaultZone }, systemClock);
 * const handle = createConversation({ …, replyOutbox: { staleAfterMs, onQueued: replies.kick } });
 */
export function startReplyDispatch(deps: Omit<DispatcherDeps, 'queue' | 'recipient'>, clock: Clock): ReplyDispatch {
  const lanes = new Map<string, Promise<void>>();
  let looking: Promise<void> | undefined;
  let isAgain = false;
  let isStopped = false;
  let sendUntil = Infinity;
  const isStillSending = () => monotonicMs() < sendUntil;

  const lane = (key: string, recipient: OutboxRecipient): void => {
    const work = dispatchDue({ ...deps, queue: 'replies', recipient, timeBudgetMs: LANE_BUDGET_MS, isStillSending }, clock())
      .then(
        // Rows held back (a platform that asked to slow down) wait for the retry timer; looking
        // again at once would spin on them.
        (summary) => summary.sent + summary.retrying + summary.failed + summary.skipped > 0,
        (error: unknown) => {
          deps.log.error({ err: error }, 'reply dispatch failed');
          return false;
        },
      )
      .then((isWorthAnotherLook) => {
        lanes.delete(key);
        if (isWorthAnotherLook) look();
      });
    lanes.set(key, work);
  };

  // Finds the recipients with replies due and starts a lane for each that has none.
  const look = (): void => {
    if (isStopped) return;
    if (looking) {
      isAgain = true;
      return;
    }
    looking = dueRecipients(deps.db, clock(), 'replies')
      .then((recipients) => {
        for (const recipient of recipients) {
          const key = recipientKey(recipient);
          if (lanes.size >= MAX_LANES) break;
          if (!lanes.has(key)) lane(key, recipient);
        }
      }, (error: unknown) => deps.log.error({ err: error }, 'reply dispatch failed'))
      .finally(() => {
        looking = undefined;
        if (isAgain) {
          isAgain = false;
          look();
        }
      });
  };
  const timer = setInterval(look, RETRY_EVERY_MS);
  timer.unref();
  return {
    kick: look,
    async stop() {
      // The look in progress still starts its lanes: replies just stored go out before the database closes.
      isStopped = true;
      sendUntil = monotonicMs() + SENDING_AFTER_STOP_MS;
      clearInterval(timer);
      await looking;
      await Promise.all([...lanes.values()]);
    },
  };
}
