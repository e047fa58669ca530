import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { createConversation } from './bot/handle-message.js';
import { allCommands } from './bot/commands/index.js';
import { createRegistry } from './bot/registry.js';
import type { PlatformName } from './bot/types.js';
import type { Config } from './config.js';
import { openDatabase, pingDatabase } from './db/client.js';
import { migrateDatabase } from './db/migrations.js';
import { createHttpApp } from './http/app.js';
import { createLogger, type Logger } from './logger.js';
import type { ChatPlatform } from './platforms/chat-platform.js';
import { ConsolePlatform } from './platforms/console/console-platform.js';
import { DEMO_BANNER, DEMO_SECRETARY, seedDemo } from './platforms/console/demo-seed.js';
import { runReminderTick, type TickSummary } from './reminders/reminder-tick.js';
import { startScheduler, type Scheduler } from './reminders/scheduler.js';

export interface BotIo {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export interface RunningBot {
  /** The HTTP port actually bound (PORT=0 picks a free one). */
  port: number;
  /** Settles when the console's input ends; never, without the console. */
  finished: Promise<void>;
  stop(): Promise<void>;
}

/**
 * The composition root: config -> database -> platforms -> scheduler -> http. Wires things;
 * decides nothing.
 */
export async function startBot(config: Config, io: BotIo): Promise<RunningBot> {
  const usesConsole = !config.hasFeishu && !config.hasDingtalk;
  const log = createLogger(config.LOG_LEVEL ?? (usesConsole ? 'warn' : 'info'), io.stderr);

  const applied = await migrateDatabase(config.DATABASE_URL);
  if (applied.length > 0) log.info({ applied }, 'database migrated');
  const database = await openDatabase(config.DATABASE_URL);
  const { db } = database;

  const handleMessage = createConversation({ db, registry: createRegistry(allCommands), admins: config.ZHIBU_ADMINS, defaultZone: config.ZHIBU_TIMEZONE, log });

  const platforms: ChatPlatform[] = [];
  let finished: Promise<void> = new Promise(() => {});
  if (usesConsole) {
    const isDemo = config.ZHIBU_DEMO === 'on' || (config.ZHIBU_DEMO === 'auto' && config.NODE_ENV !== 'production');
    if (isDemo) await seedDemo(db, new Date(), config.ZHIBU_TIMEZONE);
    const consolePlatform = new ConsolePlatform({ input: io.stdin, output: io.stdout, speaker: DEMO_SECRETARY, isInteractive: io.stdin.isTTY === true, banner: DEMO_BANNER });
    platforms.push(consolePlatform);
    finished = consolePlatform.finished;
  } else {
    log.warn('Feishu and DingTalk platforms are not built yet; set no platform credentials to use the console');
  }

  const app = createHttpApp({
    health: async () => {
      const isDatabaseUp = await pingDatabase(db);
      return { isHealthy: isDatabaseUp, database: isDatabaseUp ? 'ok' : 'down', platforms: Object.fromEntries(platforms.map((p) => [p.name, 'running'])) };
    },
  });
  const server = app.listen(config.PORT, '0.0.0.0');
  await Promise.race([once(server, 'listening'), once(server, 'error').then(([error]) => Promise.reject(portError(error, config.PORT)))]);
  const port = (server.address() as AddressInfo).port;
  log.info({ port }, 'http listening');

  for (const platform of platforms) await platform.start(handleMessage);

  const reminders = { db, platforms: byName(platforms), log, defaultZone: config.ZHIBU_TIMEZONE };
  const scheduler: Scheduler | undefined = config.ZHIBU_REMINDERS === 'on' ? startScheduler((now) => runReminderTick(reminders, now), log) : undefined;

  return {
    port,
    finished,
    async stop() {
      await scheduler?.stop();
      await Promise.all(platforms.map((p) => p.stop()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await database.close();
      log.flush();
    },
  };
}

/**
 * One reminder pass at `at` through the configured platforms, without serving: `zhibu tick`.
 * On the console, messages are printed to `io.stdout`.
 */
export async function tickOnce(config: Config, io: BotIo, at: Date): Promise<TickSummary> {
  const log = createLogger(config.LOG_LEVEL ?? 'warn', io.stderr);
  await migrateDatabase(config.DATABASE_URL);
  const database = await openDatabase(config.DATABASE_URL);
  try {
    const platforms: ChatPlatform[] = [];
    if (!config.hasFeishu && !config.hasDingtalk) {
      // Only its send() is used: nothing is read from the console.
      platforms.push(new ConsolePlatform({ input: Readable.from([]), output: io.stdout, speaker: DEMO_SECRETARY, isInteractive: false }));
    } else {
      log.warn('Feishu and DingTalk platforms are not built yet; their reminders wait in the outbox');
    }
    return await runReminderTick({ db: database.db, platforms: byName(platforms), log, defaultZone: config.ZHIBU_TIMEZONE }, at);
  } finally {
    await database.close();
  }
}

function byName(platforms: ChatPlatform[]): Map<PlatformName, ChatPlatform> {
  return new Map(platforms.map((p) => [p.name, p]));
}

function portError(error: unknown, port: number): Error {
  const code = (error as { code?: string }).code;
  if (code === 'EADDRINUSE') return new Error(`PORT ${port} is already in use: stop the other program or set PORT to a free port (PORT=0 picks one).`);
  return error instanceof Error ? error : new Error(String(error));
}

export type { Logger };
