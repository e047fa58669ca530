import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, readConfig, type Config } from './config.js';
import { openDatabase } from './db/client.js';
import { migrateDatabase } from './db/migrations.js';
import { startBot } from './main.js';
import { backupSqlite, OpsError, restoreSqlite } from './ops/backup.js';
import { eraseMemberData, exportMemberData, findMember } from './ops/member-data.js';
import { pruneDeliveryRecords } from './ops/prune.js';

/** Exit codes: 0 done, 1 failed, 2 wrong usage, 3 bad configuration. */
const EXIT = { ok: 0, failed: 1, usage: 2, config: 3 } as const;

/** How long a stop may take before the process leaves anyway (systemd waits 90 s by default). */
const STOP_WITHIN_MS = 10_000;

interface CliCommand {
  usage: string;
  summary: string;
  help: string;
  options?: ParseArgsConfig['options'];
  run: (args: { positionals: string[]; values: Record<string, unknown> }) => Promise<number>;
}

const COMMANDS: Record<string, CliCommand> = {
  serve: {
    usage: 'zhibu serve',
    summary: 'run the bot (the console platform when no Feishu/DingTalk credentials are set)',
    help: 'Applies pending migrations, starts the platforms, the HTTP server (health, metrics, webhooks) and the periodic work. Stops cleanly on SIGTERM or SIGINT within 10 s.',
    run: () => serve(),
  },
  migrate: {
    usage: 'zhibu migrate',
    summary: 'apply pending database migrations and exit',
    help: 'Brings DATABASE_URL up to the committed migrations (prisma/migrations/<provider>). Safe to run again.',
    run: async () => {
      const applied = await migrateDatabase(config().DATABASE_URL);
      process.stdout.write(applied.length > 0 ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
      return EXIT.ok;
    },
  },
  backup: {
    usage: 'zhibu backup <file>',
    summary: 'copy the SQLite database while the bot runs',
    help: "Uses SQLite's online backup: consistent, and the bot keeps running. For PostgreSQL use pg_dump (docs/DEPLOY.md).",
    run: async ({ positionals: [file] }) => {
      if (!file) return usage('backup');
      const showProgress = process.stderr.isTTY === true;
      const { pages } = await backupSqlite(config().DATABASE_URL, file, (done) => {
        if (showProgress) process.stderr.write(`\rbacking up… ${Math.round(done * 100)}%`);
      });
      if (showProgress) process.stderr.write('\n');
      process.stdout.write(`backed up ${pages} pages to ${file}\n`);
      return EXIT.ok;
    },
  },
  restore: {
    usage: 'zhibu restore <file> [--yes]',
    summary: 'replace the SQLite database with a backup (the bot must be stopped)',
    help: 'Checks the backup, keeps the current database as <file>.before-restore, and puts the backup in its place. Asks for confirmation unless --yes.',
    options: { yes: { type: 'boolean' } },
    run: async ({ positionals: [file], values }) => {
      if (!file) return usage('restore');
      const { DATABASE_URL } = config();
      if (!(await confirm(`Replace the database ${DATABASE_URL} with ${file}?`, 'yes', values.yes === true))) return EXIT.usage;
      const { keptAs } = restoreSqlite(DATABASE_URL, file);
      const applied = await migrateDatabase(DATABASE_URL);
      process.stdout.write(`restored ${file}; the previous database is kept as ${keptAs}${applied.length ? `; applied ${applied.join(', ')}` : ''}\n`);
      return EXIT.ok;
    },
  },
  member: {
    usage: 'zhibu member export <name|id>  |  zhibu member erase <name|id> [--yes]',
    summary: "print everything held about a person (JSON), or erase a person's personal data",
    help: 'export: the member row, accounts, roles, attendance, dues, notifications and audit entries, as JSON on stdout.\nerase: removes names, dates, accounts, roles, leave reasons and messages; keeps anonymous attendance marks and dues amounts so ledger totals stay right; writes an audit entry. Asks for the member id as confirmation unless --yes.',
    options: { yes: { type: 'boolean' } },
    run: async ({ positionals: [action, ...ref], values }) => {
      if ((action !== 'export' && action !== 'erase') || ref.length === 0) return usage('member');
      return withDatabase(async (db) => {
        const member = await findMember(db, ref.join(' '));
        if (action === 'export') {
          process.stdout.write(`${JSON.stringify(await exportMemberData(db, member), null, 2)}\n`);
          return EXIT.ok;
        }
        const question = `Erase the personal data of member ${member.id} (${member.name})? This cannot be undone. Type the id ${member.id} to confirm:`;
        if (!(await confirm(question, String(member.id), values.yes === true))) return EXIT.usage;
        await eraseMemberData(db, member, 'cli');
        process.stdout.write(`erased the personal data of member ${member.id}\n`);
        return EXIT.ok;
      });
    },
  },
  prune: {
    usage: 'zhibu prune',
    summary: 'delete delivery records older than ZHIBU_RETENTION_DAYS (the bot does this daily)',
    help: 'Deletes de-duplication records of inbound events and sent or skipped notifications. Ledgers are never pruned.',
    run: () => withDatabase(async (db) => {
      const days = config().ZHIBU_RETENTION_DAYS;
      const pruned = await pruneDeliveryRecords(db, days);
      process.stdout.write(`pruned ${pruned.inboundEvents} inbound events and ${pruned.notifications} notifications older than ${days} days\n`);
      return EXIT.ok;
    }),
  },
  tick: {
    usage: 'zhibu tick --at <ISO instant>',
    summary: 'run one reminder pass at that instant',
    help: 'Not yet: reminders arrive with the reminders work.',
    options: { at: { type: 'string' } },
    run: async () => notYet('tick'),
  },
  preview: {
    usage: 'zhibu preview --date <YYYY-MM-DD> [--branch <name>]',
    summary: 'show what the bot would send that day',
    help: 'Not yet: reminders arrive with the reminders work.',
    options: { date: { type: 'string' }, branch: { type: 'string' } },
    run: async () => notYet('preview'),
  },
};

function overview(): string {
  const width = Math.max(...Object.values(COMMANDS).map((c) => c.usage.split('  |')[0]?.length ?? 0));
  const lines = Object.values(COMMANDS).map((c) => `  ${(c.usage.split('  |')[0] ?? '').padEnd(width)}  ${c.summary}`);
  return `zhibu — a Party-branch assistant for Feishu and DingTalk group chats

Usage:
${lines.join('\n')}
  zhibu <command> --help   more about one command

Settings come from the environment or a .env file in the working directory (see .env.example).
Exit codes: 0 done, 1 failed, 2 wrong usage or not confirmed, 3 bad configuration.`;
}

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${overview()}\n`);
    return name ? EXIT.ok : EXIT.usage;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`zhibu: unknown command "${name}".\n\n${overview()}\n`);
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`Usage: ${command.usage}\n\n${command.help}\n`);
    return EXIT.ok;
  }
  let args: { positionals: string[]; values: Record<string, unknown> };
  try {
    args = parseArgs({ args: rest, options: command.options ?? {}, allowPositionals: true });
  } catch (error) {
    process.stderr.write(`zhibu ${name}: ${error instanceof Error ? error.message : String(error)}\nUsage: ${command.usage}\n`);
    return EXIT.usage;
  }
  if (existsSync('.env')) process.loadEnvFile('.env');
  try {
    return await command.run(args);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return EXIT.config;
    }
    process.stderr.write(`zhibu ${name} failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failed;
  }
}

function config(): Config {
  return readConfig();
}

function usage(name: string): number {
  process.stderr.write(`Usage: ${COMMANDS[name]?.usage ?? name}\n`);
  return EXIT.usage;
}

function notYet(name: string): number {
  process.stderr.write(`zhibu ${name}: not yet — reminders arrive with the reminders work.\n`);
  return EXIT.failed;
}

async function withDatabase(work: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<number>): Promise<number> {
  const { DATABASE_URL } = config();
  await migrateDatabase(DATABASE_URL);
  const { db, close } = await openDatabase(DATABASE_URL);
  try {
    return await work(db);
  } finally {
    await close();
  }
}

/** Asks on the terminal; without one, only --yes confirms. */
async function confirm(question: string, expected: string, isPreconfirmed: boolean): Promise<boolean> {
  if (isPreconfirmed) return true;
  if (!process.stdin.isTTY) {
    process.stderr.write(`${question}\nNot confirmed: run it on a terminal, or add --yes.\n`);
    return false;
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question} `);
    if (answer.trim() === expected) return true;
    process.stderr.write('Not confirmed; nothing changed.\n');
    return false;
  } finally {
    rl.close();
  }
}

async function serve(): Promise<number> {
  const bot = await startBot(config(), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
  const signalled = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await Promise.race([bot.finished, signalled]);
  const stopped = await Promise.race([bot.stop().then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), STOP_WITHIN_MS).unref())]);
  if (!stopped) {
    process.stderr.write(`zhibu: could not stop cleanly within ${STOP_WITHIN_MS / 1000} s; leaving anyway.\n`);
    return EXIT.failed;
  }
  return EXIT.ok;
}

export { OpsError };
