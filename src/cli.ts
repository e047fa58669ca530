import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, readConfig } from './config.js';
import { migrateDatabase } from './db/migrations.js';
import { startBot } from './main.js';

const USAGE = `zhibu — a Party-branch assistant for Feishu and DingTalk group chats

Usage:
  zhibu serve                      run the bot (console platform when no Feishu/DingTalk credentials are set)
  zhibu migrate                    apply pending database migrations and exit
  zhibu tick --at <ISO instant>    run one reminder pass at that instant
  zhibu preview --date <YYYY-MM-DD> show what the bot would send that day
  zhibu --help                     this text

Settings come from the environment or a .env file in the working directory (see .env.example).`;

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
      case 'preview':
        parseArgs({ args: rest, options: { at: { type: 'string' }, date: { type: 'string' }, branch: { type: 'string' } } });
        process.stderr.write(`zhibu ${command}: not yet — reminders arrive with the reminders issue.\n`);
        return 1;
      default:
        process.stderr.write(`zhibu: unknown command "${command}".\n\n${USAGE}\n`);
        return 2;
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 3;
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
