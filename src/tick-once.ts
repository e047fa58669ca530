import { Readable } from 'node:stream';
import type { BotIo } from './main.js';
import { buildPlatforms } from './build-platforms.js';
import { secretValues, type Config } from './config.js';
import { openDatabase } from './db/client.js';
import { migrateDatabase } from './db/migrations.js';
import { createLogger } from './logger.js';
import type { ChatPlatform } from './platforms/chat-platform.js';
import type { PlatformName } from './bot/types.js';
import { runReminderTick, type TickSummary } from './reminders/reminder-tick.js';

/**
 * One reminder pass at `at` through the configured platforms, without serving (`zhibu tick`).
 * The platforms only send; on the console, messages are printed. Its own module, so that a
 * tick loads neither the chat commands nor the HTTP server.
 */
export async function tickOnce(config: Config, io: BotIo, at: Date): Promise<TickSummary> {
  const log = createLogger(config.LOG_LEVEL ?? 'warn', io.stderr, secretValues(config));
  await migrateDatabase(config.DATABASE_URL);
  const database = await openDatabase(config.DATABASE_URL);
  try {
    const { platforms } = await buildPlatforms(config, database.db, log, () => at, undefined, async () => []);
    if (platforms.length === 0) {
      const { ConsolePlatform } = await import('./platforms/console/console-platform.js');
      const { DEMO_SECRETARY } = await import('./platforms/console/demo-seed.js');
      // Only its send() is used: nothing is read from the console.
      platforms.push(new ConsolePlatform({ input: Readable.from([]), output: io.stdout, speaker: DEMO_SECRETARY, isInteractive: false }));
    }
    return await runReminderTick({ db: database.db, platforms: new Map<PlatformName, ChatPlatform>(platforms.map((p) => [p.name, p])), log, defaultZone: config.ZHIBU_TIMEZONE }, at);
  } finally {
    await database.close();
  }
}
