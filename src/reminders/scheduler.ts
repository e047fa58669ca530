import cron from 'node-cron';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';

export interface Scheduler {
  /** Stops ticking and waits for a tick in progress to finish. */
  stop(): Promise<void>;
}

/**
 * Runs `tick` at the start of every minute, never two at once (node-cron's noOverlap). The
 * database is the schedule: a tick only looks at the outbox and the records, so a restart,
 * a missed minute or a second process loses and duplicates nothing.
 */
export function startScheduler(tick: (now: Date) => Promise<unknown>, clock: Clock, log: Logger): Scheduler {
  let running: Promise<unknown> = Promise.resolve();
  const task = cron.schedule('* * * * *', async () => {
    running = tick(clock()).catch((error: unknown) => log.error({ err: error }, 'reminder tick failed'));
    await running;
  }, { name: 'zhibu-reminders', noOverlap: true });
  return {
    async stop() {
      await task.destroy();
      await running;
    },
  };
}
