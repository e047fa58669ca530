import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { createConversation } from './bot/handle-message.js';
import { releaseClaimsOfDeadProcess } from './bot/inbound-dedup.js';
import { createInbox } from './bot/inbox.js';
import { buildPlatforms } from './build-platforms.js';
import { allCommands } from './bot/commands/index.js';
import { createRegistry } from './bot/registry.js';
import type { FetchAttachment, PlatformName } from './bot/types.js';
import { fileStoreFromConfig } from './storage/file-store-from-config.js';
import { systemClock, type Clock } from './clock.js';
import { secretValues, type Config } from './config.js';
import { openDatabase, probeDatabaseWrite } from './db/client.js';
import { lockDatabase } from './db/instance-lock.js';
import { migrateDatabase } from './db/migrations.js';
import { createHttpApp } from './http/app.js';
import { createLogger, type Logger } from './logger.js';
import { createMetrics } from './metrics.js';
import { pruneDeliveryRecords } from './ops/prune.js';
import { pruneLapsedDialogues } from './ops/prune-dialogues.js';
import type { ChatPlatform } from './platforms/chat-platform.js';
import { recoverStalledEvents } from './platforms/recover-stalled-events.js';
import { releaseSendsOfDeadProcess } from './reminders/dispatcher.js';
import { startReplyDispatch } from './reminders/reply-dispatch.js';
import { newWorkerId, runReminderTick } from './reminders/reminder-tick.js';
import { startScheduler, type Scheduler } from './reminders/scheduler.js';

/** How often messages acknowledged but never finished (a crash) are looked for. */
const RECOVERY_INTERVAL_MS = 60_000;
/** Delivery records older than ZHIBU_RETENTION_DAYS are pruned this often. */
const PRUNE_INTERVAL_MS = 24 * 3600_000;

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
export async function startBot(config: Config, io: BotIo, clock: Clock = systemClock): Promise<RunningBot> {
  const releaseLock = lockDatabase(config.DATABASE_URL);
  try {
    return await wire(config, io, clock, releaseLock);
  } catch (error) {
    releaseLock();
    throw error;
  }
}

async function wire(config: Config, io: BotIo, clock: Clock, releaseLock: () => void): Promise<RunningBot> {
  const usesConsole = !config.hasFeishu && !config.hasDingtalk;
  const log = createLogger(config.LOG_LEVEL ?? (usesConsole ? 'warn' : 'info'), io.stderr, secretValues(config));

  const applied = await migrateDatabase(config.DATABASE_URL);
  if (applied.length > 0) log.info({ applied }, 'database migrated');
  const database = await openDatabase(config.DATABASE_URL);
  const { db } = database;

  const metrics = createMetrics();
  // Files people send are fetched through the platform they came from, known once built.
  let platforms: ChatPlatform[] = [];
  const fetchAttachment: FetchAttachment = async (from, attachment, maxBytes) => {
    const platform = platforms.find((p) => p.name === from.platform);
    if (!platform?.download) throw new Error(`${from.platform} cannot download files`);
    return platform.download(from.tenant, attachment, maxBytes);
  };
  const files = fileStoreFromConfig(db, config);
  // Replies leave through the outbox: stored with the message's done mark, sent at once, retried
  // through an outage of the platform until they are stale.
  const workerId = newWorkerId();
  // Filled once the platforms are built; the dispatcher looks them up when it sends.
  const platformsByName = new Map<PlatformName, ChatPlatform>();
  const replies = startReplyDispatch({ db, platforms: platformsByName, log: log.child({ queue: 'replies' }), workerId, defaultZone: config.ZHIBU_TIMEZONE, metrics }, clock);
  const replyOutbox = { staleAfterMs: config.ZHIBU_REPLY_STALE_MINUTES * 60_000, onQueued: () => replies.kick() };
  const handleMessage = createConversation({ db, registry: createRegistry(allCommands), admins: config.ZHIBU_ADMINS, defaultZone: config.ZHIBU_TIMEZONE, log, clock, metrics, fetchAttachment, files, replyOutbox });

  const built = await buildPlatforms(config, db, log, clock, metrics, handleMessage, createInbox(db, clock), files);
  platforms = built.platforms;
  const { routers } = built;
  let finished: Promise<void> = new Promise(() => {});
  if (usesConsole) {
    const isDemo = config.ZHIBU_DEMO === 'on' || (config.ZHIBU_DEMO === 'auto' && config.NODE_ENV !== 'production');
    // The console's modules load only when it is used: a production bot has Feishu or DingTalk.
    const [{ ConsolePlatform }, { DEMO_BANNER, DEMO_SECRETARY, seedDemo }, { consoleGroupName }] = await Promise.all([
      import('./platforms/console/console-platform.js'), import('./platforms/console/demo-seed.js'), import('./platforms/console/console-group-name.js'),
    ]);
    if (isDemo) await seedDemo(db, clock(), config.ZHIBU_TIMEZONE);
    const consolePlatform = new ConsolePlatform({
      input: io.stdin, output: io.stdout, speaker: DEMO_SECRETARY, isInteractive: io.stdin.isTTY === true, banner: DEMO_BANNER,
      groupName: () => consoleGroupName(db), historyFile: resolve('data', 'console-history'),
    });
    platforms.push(consolePlatform);
    finished = consolePlatform.finished;
  }
  for (const platform of platforms) platformsByName.set(platform.name, platform);

  let isShuttingDown = false;
  const app = createHttpApp({
    routers,
    log,
    metrics,
    trustProxy: config.ZHIBU_TRUST_PROXY,
    perAddressPerMinute: config.ZHIBU_HTTP_LIMIT_PER_MINUTE,
    isShuttingDown: () => isShuttingDown,
    health: async () => {
      // A write, not a read: a full disk or a held lock lets reads through and loses check-ins.
      const probe = await probeDatabaseWrite(database, workerId, clock());
      const states = Object.fromEntries(platforms.map((p) => [p.name, p.health?.() ?? 'running']));
      const connections = Object.fromEntries(platforms.flatMap((p) => {
        const report = p.connection?.();
        return report ? [[p.name, report]] : [];
      }));
      // A long connection that gave up, or has not been up for the grace period, is as bad as
      // a dead database: no event arrives.
      const isConnected = Object.values(connections).every((c) => c.isHealthy);
      return { isHealthy: probe.ok && isConnected, database: probe.ok ? 'ok' : 'down', ...(probe.ok ? {} : { databaseError: probe.reason }), platforms: states, connections };
    },
  });
  const server = app.listen(config.PORT, '0.0.0.0');
  await Promise.race([once(server, 'listening'), once(server, 'error').then(([error]) => Promise.reject(portError(error, config.PORT)))]);
  const port = (server.address() as AddressInfo).port;
  log.info({ port }, 'http listening');

  // On SQLite this process is the only one on the database (the instance lock): what an earlier
  // process left claimed died with it, and is handed back now instead of after the stale delay.
  const startedAt = clock();
  if (database.provider === 'sqlite') {
    const released = { events: await releaseClaimsOfDeadProcess(db, startedAt), replies: await releaseSendsOfDeadProcess(db, workerId) };
    if (released.events + released.replies > 0) log.warn(released, 'took back what a stopped process had left unfinished');
  }
  for (const platform of platforms) await platform.start(handleMessage);
  // What the last process acknowledged but did not finish, and the replies it did not send.
  recoverStalledEvents(db, handleMessage, platforms, log, clock(), startedAt).catch((error: unknown) => log.error({ err: error }, 'stalled-event recovery failed'));
  replies.kick();
  const recovery = setInterval(() => {
    recoverStalledEvents(db, handleMessage, platforms, log, clock()).catch((error: unknown) => log.error({ err: error }, 'stalled-event recovery failed'));
  }, RECOVERY_INTERVAL_MS);
  recovery.unref();
  const pruning = setInterval(() => {
    pruneDeliveryRecords(db, config.ZHIBU_RETENTION_DAYS, clock())
      .then(async (pruned) => log.info({ ...pruned, ...(await pruneLapsedDialogues(db, files, clock())) }, 'delivery records pruned'))
      .catch((error: unknown) => log.error({ err: error }, 'pruning failed'));
  }, PRUNE_INTERVAL_MS);
  pruning.unref();
  const reminders = { db, platforms: byName(platforms), log, defaultZone: config.ZHIBU_TIMEZONE, metrics };
  const scheduler: Scheduler | undefined = config.ZHIBU_REMINDERS === 'on' ? startScheduler((now) => runReminderTick(reminders, now), clock, log) : undefined;

  return {
    port,
    finished,
    async stop() {
      isShuttingDown = true;
      clearInterval(recovery);
      clearInterval(pruning);
      // The tick in progress finishes the message it is sending; nothing new starts.
      await scheduler?.stop();
      await Promise.all(platforms.map((p) => p.stop()));
      // Replies of the messages just finished go out before the database closes.
      replies.kick();
      await replies.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await database.close();
      releaseLock();
      log.flush();
    },
  };
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
// `zhibu tick` has its own module (it needs neither the commands nor HTTP); kept here for callers of main.
export { tickOnce } from './tick-once.js';
