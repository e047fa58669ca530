import type { Clock } from '../clock.js';
import { dispatchDue, type DispatcherDeps } from './dispatcher.js';

/** How often replies waiting for a retry are looked at, without a new one to send. */
const RETRY_EVERY_MS = 5_000;

export interface ReplyDispatch {
  /** New replies were stored: send them now (a pass in progress is followed by another). */
  kick(): void;
  /** Stops and waits for the pass in progress. */
  stop(): Promise<void>;
}

/**
 * Sends the replies to messages from the outbox: at once when they are stored, and every few
 * seconds for those waiting to be retried (an outage of the platform). Independent of the
 * reminder scheduler, which may be off. One pass at a time per process; several processes
 * share the rows through the dispatcher's claims.
 *
 * @example
 * const replies = startReplyDispatch({ db, platforms, log, workerId, defaultZone }, systemClock);
 * const handle = createConversation({ …, replyOutbox: { staleAfterMs, onQueued: replies.kick } });
 */
export function startReplyDispatch(deps: Omit<DispatcherDeps, 'queue'>, clock: Clock): ReplyDispatch {
  let running: Promise<void> | undefined;
  let isAgain = false;
  let isStopped = false;
  const pass = (): void => {
    if (isStopped) return;
    if (running) {
      isAgain = true;
      return;
    }
    running = dispatchDue({ ...deps, queue: 'replies' }, clock())
      .then(() => undefined, (error: unknown) => deps.log.error({ err: error }, 'reply dispatch failed'))
      .finally(() => {
        running = undefined;
        if (isAgain) {
          isAgain = false;
          pass();
        }
      });
  };
  const timer = setInterval(pass, RETRY_EVERY_MS);
  timer.unref();
  return {
    kick: pass,
    async stop() {
      isStopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
