import { existsSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { ConfigError, readConfig } from './config.js';
import { openDatabase, type Db } from './db/client.js';
import { migrateDatabase } from './db/migrations.js';
import { coveredYears, formatYearRanges, missingYears } from './domain/calendar/holiday-calendar.js';
import { readHolidayFile } from './domain/calendar/holiday-file.js';
import { localDate, parseIsoDate } from './domain/dates.js';
import { startBot, tickOnce } from './main.js';
import { importHolidayYear } from './reminders/import-holiday-year.js';
import { loadHolidayCalendar } from './reminders/load-holiday-calendar.js';
import { formatPreview, previewDay } from './reminders/preview.js';

const USAGE = `zhibu — a Party-branch assistant for Feishu and DingTalk group chats

Usage:
  zhibu serve                          run the bot (console platform when no Feishu/DingTalk credentials are set)
  zhibu migrate                        apply pending database migrations and exit
  zhibu tick [--at <ISO instant>]      run one reminder pass (plan + send) at that instant, e.g. 2026-12-04T08:30:00+08:00
  zhibu preview [--date <YYYY-MM-DD>] [--branch <name>]
                                       show what the bot would send that day and to whom, without sending
  zhibu holidays                       which years the holiday calendar covers
  zhibu holidays import <file.json>    import a year's holidays from the State Council's notice (format: README)
  zhibu --help                         this text

Settings come from the environment or a .env file in the working directory (see .env.example).`;

/** A mistake in the command line: exit code 2 with the message. */
class UsageError extends Error {}

/** Exit codes: 0 done, 1 failed, 2 wrong usage, 3 bad configuration. */
export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  if (existsSync('.env')) process.loadEnvFile('.env');
  try {
    switch (command) {
      case 'serve':
        return await serve();
      case 'migrate':
        return await migrate();
      case 'tick':
        return await tick(rest);
      case 'preview':
        return await preview(rest);
      case 'holidays':
        return await holidays(rest);
      default:
        process.stderr.write(`zhibu: unknown command "${command}".\n\n${USAGE}\n`);
        return 2;
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 3;
    }
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`zhibu ${command}: ${(error as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    process.stderr.write(`zhibu ${command} failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

async function migrate(): Promise<number> {
  const config = readConfig();
  const applied = await migrateDatabase(config.DATABASE_URL);
  process.stdout.write(applied.length > 0 ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
  return 0;
}

async function serve(): Promise<number> {
  const config = readConfig();
  const bot = await startBot(config, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
  const stopping = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await Promise.race([bot.finished, stopping]);
  await bot.stop();
  return 0;
}

async function tick(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { at: { type: 'string' } } });
  const config = readConfig();
  // An instant without an offset is read on the clock of ZHIBU_TIMEZONE.
  const at = values.at === undefined ? DateTime.now() : DateTime.fromISO(values.at, { zone: config.ZHIBU_TIMEZONE });
  if (!at.isValid) throw new UsageError(`--at "${values.at ?? ''}" is not an ISO instant such as 2026-12-04T08:30:00+08:00`);
  const { planned: p, dispatched: d } = await tickOnce(config, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }, at.toJSDate());
  process.stdout.write(`tick at ${at.toISO() ?? ''}: planned ${p.pending}, skipped ${p.skipped}, activities created ${p.activitiesCreated}; sent ${d.sent}, retrying ${d.retrying}, failed ${d.failed}, deferred ${d.deferred}\n`);
  return 0;
}

async function preview(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { date: { type: 'string' }, branch: { type: 'string' } } });
  const config = readConfig();
  const date = values.date === undefined ? localDate(new Date(), config.ZHIBU_TIMEZONE) : parseIsoDate(values.date);
  if (!date) throw new UsageError(`--date "${values.date ?? ''}" is not a date in YYYY-MM-DD form`);
  return withDatabase(config.DATABASE_URL, async (db) => {
    const branches = await db.organization.findMany({ where: { kind: 'branch', ...(values.branch ? { name: values.branch } : {}) }, orderBy: { id: 'asc' } });
    if (branches.length === 0) {
      process.stderr.write(values.branch ? `zhibu preview: no branch is named "${values.branch}".\n` : 'zhibu preview: there are no branches yet.\n');
      return 1;
    }
    const calendar = await loadHolidayCalendar(db);
    const pages: string[] = [];
    for (const branch of branches) pages.push(formatPreview(await previewDay(db, calendar, branch, config.ZHIBU_TIMEZONE, date, new Date())).join('\n'));
    process.stdout.write(`${pages.join('\n\n')}\n`);
    return 0;
  });
}

async function holidays(args: string[]): Promise<number> {
  const [sub, file, ...extra] = args;
  const config = readConfig();
  if (sub === undefined) {
    return withDatabase(config.DATABASE_URL, async (db) => {
      const calendar = await loadHolidayCalendar(db);
      const year = Number(localDate(new Date(), config.ZHIBU_TIMEZONE).slice(0, 4));
      const missing = missingYears(calendar, [year, year + 1]);
      process.stdout.write(`covered: ${formatYearRanges(coveredYears(calendar))}\nmissing this year or next: ${missing.length > 0 ? missing.join(', ') : 'none'}\n`);
      return 0;
    });
  }
  if (sub !== 'import' || !file || extra.length > 0) throw new UsageError('write: zhibu holidays import <file.json>');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    process.stderr.write(`zhibu holidays import: cannot read ${file} as JSON: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  const read = readHolidayFile(json);
  if ('errors' in read) {
    process.stderr.write(`zhibu holidays import: ${file} was not imported:\n${read.errors.map((e) => `  ${e}`).join('\n')}\n`);
    return 1;
  }
  return withDatabase(config.DATABASE_URL, async (db) => {
    const { year } = read;
    const { isReplaced, moves } = await importHolidayYear(db, year, `cli:${userInfo().username}`, config.ZHIBU_TIMEZONE, new Date());
    process.stdout.write(`${isReplaced ? 'replaced' : 'imported'} ${year.year}: ${Object.keys(year.holidays).length} days off, ${Object.keys(year.workdays).length} make-up workdays (${year.source})\n`);
    for (const m of moves) process.stdout.write(`moved ${m.branchName} activity #${m.activity.id} from ${m.from.toISOString()} to ${m.activity.startsAt.toISOString()} (secretary told)\n`);
    return 0;
  });
}

async function withDatabase(databaseUrl: string, work: (db: Db) => Promise<number>): Promise<number> {
  await migrateDatabase(databaseUrl);
  const { db, close } = await openDatabase(databaseUrl);
  try {
    return await work(db);
  } finally {
    await close();
  }
}
