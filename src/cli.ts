import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { basename } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { DateTime } from 'luxon';
import { fileProblem, packageVersion, wrapText } from './cli-text.js';
import { systemClock } from './clock.js';
import type { Config } from './config.js';
import type { Db } from './db/client.js';
import type { LedgerPeriod } from './domain/ledger-period.js';

// Every other module is imported by the command that needs it, when it runs: `zhibu --help`
// loads nothing but this file and cli-text.ts, and `tick` neither the chat commands, the HTTP
// server nor the platform SDKs it is not configured for (docs/PERFORMANCE.md, "Start-up and memory").

/** Exit codes: 0 done, 1 failed, 2 wrong usage, 3 bad configuration. */
const EXIT = { ok: 0, failed: 1, usage: 2, config: 3 } as const;

/** The CLI's one reading of the time; every command takes "now" from here. */
const clock = systemClock;

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
      const { migrateDatabase } = await import('./db/migrations.js');
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
      const { backupSqlite } = await import('./ops/backup.js');
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
      const [{ restoreSqlite }, { migrateDatabase }] = await Promise.all([import('./ops/backup.js'), import('./db/migrations.js')]);
      const { keptAs } = restoreSqlite(DATABASE_URL, file);
      const applied = await migrateDatabase(DATABASE_URL);
      process.stdout.write(`restored ${file}; the previous database is kept as ${keptAs}${applied.length ? `; applied ${applied.join(', ')}` : ''}\n`);
      return EXIT.ok;
    },
  },
  member: {
    usage: 'zhibu member export <name|id>  |  zhibu member erase <name|id> [--yes]',
    summary: "print everything held about a person (JSON), or erase a person's personal data",
    help: 'export: every place of the personal-data registry (src/ops/personal-data.ts) with the rows that concern the person, as JSON on stdout.\nerase: the same places: accounts, roles and their messages deleted; name and accounts replaced by "已删除成员<id>" wherever they occur (others\' messages, digests, audit details); dates, reasons and notes emptied; anonymous attendance marks and dues amounts kept so ledger totals stay right; then the freed bytes reclaimed (SQLite: secure_delete, WAL checkpoint, VACUUM; PostgreSQL: VACUUM FULL of the touched tables). Stop the bot first on SQLite, so the WAL can be emptied. Writes an audit entry. Asks for the member id as confirmation unless --yes.',
    options: { yes: { type: 'boolean' } },
    run: async ({ positionals: [action, ...ref], values }) => {
      if ((action !== 'export' && action !== 'erase') || ref.length === 0) return usage('member');
      const { eraseMemberData, exportMemberData, findMember } = await import('./ops/member-data.js');
      return withDatabase(async (db) => {
        const member = await findMember(db, ref.join(' '));
        if (action === 'export') {
          process.stdout.write(`${JSON.stringify(await exportMemberData(db, member, clock()), null, 2)}\n`);
          return EXIT.ok;
        }
        const question = `Erase the personal data of member ${member.id} (${member.name})? This cannot be undone. Type the id ${member.id} to confirm:`;
        if (!(await confirm(question, String(member.id), values.yes === true))) return EXIT.usage;
        const report = await eraseMemberData(db, member, 'cli', clock());
        const changed = Object.entries(report.changed).filter(([, n]) => n > 0).map(([table, n]) => `${table} ${n}`).join(', ');
        process.stdout.write(`erased the personal data of member ${member.id}, now "${report.label}" (rows changed: ${changed})\n`);
        if (report.reclaimed.isWalEmptied === false) {
          process.stderr.write('warning: another process holds the database, so its write-ahead log (zhibu.db-wal) could not be emptied and may still hold the erased data. Stop zhibu and run `zhibu member erase` again for the same id, or `sqlite3 zhibu.db "PRAGMA wal_checkpoint(TRUNCATE)"`.\n');
          return EXIT.failed;
        }
        return EXIT.ok;
      });
    },
  },
  org: {
    usage: 'zhibu org list  |  zhibu org new <name> [--kind <kind>] [--parent <name>]  |  zhibu org rename <name> --to <new name>  |  zhibu org move <name> --parent <name> [--yes]  |  zhibu org dissolve <name> [--yes]  |  zhibu org merge <branch> --into <branch> [--yes]  |  zhibu org import <file.xlsx|file.csv>  |  zhibu org term <name> --started <YYYY-MM-DD> [--years <n>]',
    summary: 'the tree of organisations: list, create, rename, move, dissolve, merge, import, record terms',
    help: 'Kinds: working_committee (工委), committee (党委), general_branch (总支), branch (支部, the default). A 工委 holds 党委, 总支 and 支部; a 党委 holds 总支 and 支部; a 总支 holds 支部. rename keeps the old name for ledgers of earlier periods. move takes the organisation with everything below it. dissolve needs an empty roster and nothing live below; records stay and ledgers still export. merge moves a branch\'s members (from today, with their accounts, posts elsewhere and paid dues) and its future activities into another branch, leaves its past records with it and dissolves it. import creates a whole tree from one spreadsheet (columns 组织名称, 类型, 上级组织, 书记, 任期开始, 任期结束; parents may be in the file or exist already), all or nothing: every bad row is listed on stderr with its row number and nothing is written (exit 1). term records when the current term began (years: 党委 5, 总支 and 支部 3 unless --years). list prints the live tree. Every change writes an audit entry; move, dissolve and merge ask for confirmation unless --yes.',
    options: { kind: { type: 'string' }, parent: { type: 'string' }, to: { type: 'string' }, into: { type: 'string' }, started: { type: 'string' }, years: { type: 'string' }, yes: { type: 'boolean' } },
    run: async ({ positionals, values }) => {
      const { runOrgCli } = await import('./org-tree/run-org-cli.js');
      return withDatabase(async (db) => {
      const code = await runOrgCli(db, {
        positionals,
        values: {
          kind: stringOption(values.kind), parent: stringOption(values.parent), to: stringOption(values.to), into: stringOption(values.into),
          started: stringOption(values.started), years: stringOption(values.years), yes: values.yes === true,
        },
        now: clock(),
        defaultZone: config().ZHIBU_TIMEZONE,
        who: { actor: `cli:${userInfo().username}`, actorMemberId: null },
        out: (line) => process.stdout.write(`${line}\n`),
        err: (line) => process.stderr.write(`${line}\n`),
        confirm: (question) => confirm(question, 'yes', values.yes === true),
      });
      return code === 2 ? usage('org') : code;
      });
    },
  },
  prune: {
    usage: 'zhibu prune',
    summary: 'delete delivery records older than ZHIBU_RETENTION_DAYS (the bot does this daily)',
    help: 'Deletes de-duplication records of inbound events and sent or skipped notifications, meeting-record dialogues that lapsed over a day ago (with the files sent in them, never saved), and files on disk that no record names. Ledgers and the photos of saved records are never pruned.',
    run: () => withDatabase(async (db) => {
      const days = config().ZHIBU_RETENTION_DAYS;
      const [{ pruneDeliveryRecords }, { pruneLapsedDialogues }, { fileStoreFromConfig }] = await Promise.all([
        import('./ops/prune.js'), import('./ops/prune-dialogues.js'), import('./storage/file-store-from-config.js'),
      ]);
      const pruned = await pruneDeliveryRecords(db, days, clock());
      const lapsed = await pruneLapsedDialogues(db, fileStoreFromConfig(db, config()), clock());
      process.stdout.write(`pruned ${pruned.inboundEvents} inbound events and ${pruned.notifications} notifications older than ${days} days, and ${pruned.callbackSignatures} expired callback signatures\n`);
      process.stdout.write(`pruned ${lapsed.dialogues} lapsed meeting-record dialogues with ${lapsed.files} unsaved files, and ${lapsed.unreferenced} files on disk no record names\n`);
      return EXIT.ok;
    }),
  },
  tick: {
    usage: 'zhibu tick [--at <ISO instant>]',
    summary: 'run one reminder pass (plan + send) at that instant',
    help: 'Plans what is due and sends it through the configured platforms (the console prints), e.g. --at 2026-12-04T08:30:00+08:00. An instant without an offset is read on the clock of ZHIBU_TIMEZONE; without --at, now.',
    options: { at: { type: 'string' } },
    run: async ({ values }) => {
      const settings = config();
      const at = await instantOf(values, settings.ZHIBU_TIMEZONE);
      if (typeof at === 'string') return usage('tick', at);
      const { tickOnce } = await import('./tick-once.js');
      const { planned: p, dispatched: d } = await tickOnce(settings, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }, at.toJSDate());
      process.stdout.write(`tick at ${at.toISO() ?? ''}: planned ${p.pending}, skipped ${p.skipped}, activities created ${p.activitiesCreated}; sent ${d.sent}, retrying ${d.retrying}, failed ${d.failed}, deferred ${d.deferred}\n`);
      return EXIT.ok;
    },
  },
  preview: {
    usage: 'zhibu preview [--date <YYYY-MM-DD>] [--branch <name>]',
    summary: 'show what the bot would send that day and to whom, without sending',
    help: 'Explains a day: each reminder, its time and its recipients, for every branch or the one named. Without --date, today.',
    options: { date: { type: 'string' }, branch: { type: 'string' } },
    run: async ({ values }) => {
      const settings = config();
      const given = typeof values.date === 'string' ? values.date : undefined;
      const branchName = typeof values.branch === 'string' ? values.branch : undefined;
      const [{ isInWindow, localDate, parseIsoDate }, { loadHolidayCalendar }, { formatPreview, previewDay }] = await Promise.all([
        import('./domain/dates.js'), import('./reminders/load-holiday-calendar.js'), import('./reminders/preview.js'),
      ]);
      const date = given === undefined ? localDate(clock(), settings.ZHIBU_TIMEZONE) : parseIsoDate(given);
      if (!date) return usage('preview', `--date "${given ?? ''}" is not a date in YYYY-MM-DD form`);
      if (!isInWindow(date, 'schedule')) return usage('preview', `--date "${date}" is outside the accepted years (${await windowEn()})`);
      return withDatabase(async (db) => {
        const branches = await db.organization.findMany({ where: { kind: 'branch', ...(branchName ? { name: branchName } : {}) }, orderBy: { id: 'asc' } });
        if (branches.length === 0) {
          process.stderr.write(branchName ? `zhibu preview: no branch is named "${branchName}".\n` : 'zhibu preview: there are no branches yet.\n');
          return EXIT.failed;
        }
        const calendar = await loadHolidayCalendar(db);
        const pages: string[] = [];
        for (const branch of branches) pages.push(formatPreview(await previewDay(db, calendar, branch, settings.ZHIBU_TIMEZONE, date, clock())).join('\n'));
        process.stdout.write(`${pages.join('\n\n')}\n`);
        return EXIT.ok;
      });
    },
  },
  export: {
    usage: 'zhibu export (--month <YYYY-MM> | --year <YYYY>) [--branch <name>] --out <file.xlsx|file.zip>  |  zhibu export --record <activity id> --out <file.docx>  |  zhibu export --tree --year <YYYY> [--org <name>] --out <file.xlsx>',
    summary: "write a branch's ledgers (台账) as an .xlsx workbook or a .zip with the meeting records' photos and files, one activity's printable meeting record as a .docx, or the upper level's year-end pack",
    help: 'Sheets: 党员名册 (roster), 组织生活记录 (activities and attendance), 会议记录 (meeting records, with the number of photos and files), 党费收缴台账 (dues by member and month, SUM totals), 政治生日 (the year\'s political birthdays). An --out ending in .zip writes a zip of the workbook and the photos and files, in folders named by date and activity. --branch may be left out when there is one branch. The file holds personal data: an audit entry records each export. --record writes the meeting record (会议记录) of one activity as Word: branch, kind, time, place, host, recorder, attendance with leave reasons (the attendance model), topic or theme, content, and a note when it was changed after the fact. --tree writes the upper level\'s year-end pack instead: a contents sheet, one sheet per measure (主题党日, 三会一课, 会议记录缺失, 党费收缴, 连续3个月以上未缴, 预备期将满, 无活动天数) with a row per branch and a column per month, 换届 for every organisation, then each branch\'s own ledger sheets under its number ("001名册-…"), in tree order; --org limits it to one organisation\'s subtree (default: the whole tree). Progress goes to stderr.',
    options: { month: { type: 'string' }, year: { type: 'string' }, branch: { type: 'string' }, out: { type: 'string' }, record: { type: 'string' }, tree: { type: 'boolean' }, org: { type: 'string' } },
    run: async ({ values }) => {
      const out = typeof values.out === 'string' ? values.out : undefined;
      if (typeof values.record === 'string') return exportRecordFile(values.record, out);
      const period = await exportPeriod(values);
      if (typeof period === 'string') return usage('export', period);
      if (!out) return usage('export', '--out <file.xlsx> is required');
      const settings = config();
      if (values.tree === true) {
        if (period.kind !== 'year') return usage('export', '--tree takes --year YYYY, not --month');
        return withDatabase(async (db) => {
          const orgName = typeof values.org === 'string' ? values.org : undefined;
          const org = orgName === undefined ? undefined : await db.organization.findUnique({ where: { name: orgName } });
          if (orgName !== undefined && !org) {
            process.stderr.write(`zhibu export: no organisation is named "${orgName}".\n`);
            return EXIT.failed;
          }
          const { exportTreePack } = await import('./ledger/export-tree-pack.js');
          const file = await exportTreePack(db, {
            rootIds: org ? [org.id] : 'all', year: period.year, now: clock(), defaultZone: settings.ZHIBU_TIMEZONE, actor: `cli:${userInfo().username}`, via: 'cli',
            onProgress: (done, total, name) => process.stderr.write(`[${done}/${total}] ${name}\n`),
          });
          writeFileSync(out, file.content);
          process.stdout.write(`wrote ${out}: ${period.year}, ${file.branches} branches, ${file.members} members\n`);
          return EXIT.ok;
        });
      }
      return withDatabase(async (db) => {
        const branch = await pickBranch(db, 'export', typeof values.branch === 'string' ? values.branch : undefined);
        if (!branch) return EXIT.failed;
        const [{ exportLedger }, { formatPeriod }, { fileStoreFromConfig }] = await Promise.all([
          import('./ledger/export-ledger.js'), import('./domain/ledger-period.js'), import('./storage/file-store-from-config.js'),
        ]);
        const format = out.toLowerCase().endsWith('.zip') ? 'zip' : 'xlsx';
        const file = await exportLedger(db, {
          branchId: branch.id, period, now: clock(), defaultZone: settings.ZHIBU_TIMEZONE, actor: `cli:${userInfo().username}`, via: 'cli', format, files: fileStoreFromConfig(db, settings),
        });
        writeFileSync(out, file.content);
        process.stdout.write(`wrote ${out}: ${branch.name} ${formatPeriod(period)}, ${file.members} members, ${file.activities} activities\n`);
        return EXIT.ok;
      });
    },
  },
  import: {
    usage: 'zhibu import members <file.xlsx|file.csv> [--branch <name>] [--dry-run]',
    summary: "add or update a branch's roster from a spreadsheet, all or nothing",
    help: 'Columns (Chinese or English headers): 姓名 name (required), 飞书ID, 钉钉ID, 手机号, 状态 status (正式党员, 预备党员, 入党积极分子, …), 入党日期, 预备期开始 (YYYY-MM-DD), 月党费 (yuan). Members are matched by Feishu/DingTalk account, else by name on the branch; every row is checked and a file with any bad row imports nothing (the rows are listed on stderr, exit 1). --dry-run shows what would change. An audit entry records the import.',
    options: { branch: { type: 'string' }, 'dry-run': { type: 'boolean' } },
    run: async ({ positionals: [what, file, ...extra], values }) => {
      if (what !== 'members' || !file || extra.length > 0) return usage('import');
      let content: Buffer;
      try {
        content = readFileSync(file);
      } catch (error) {
        process.stderr.write(`zhibu import: ${fileProblem(file, error)}.\n`);
        return EXIT.failed;
      }
      const settings = config();
      return withDatabase(async (db) => {
        const branch = await pickBranch(db, 'import', typeof values.branch === 'string' ? values.branch : undefined);
        if (!branch) return EXIT.failed;
        const isDryRun = values['dry-run'] === true;
        const { importMemberFile } = await import('./ledger/import-member-file.js');
        const outcome = await importMemberFile(db, {
          branchId: branch.id, fileName: basename(file), content, isDryRun, actor: `cli:${userInfo().username}`, now: clock(), zone: settings.ZHIBU_TIMEZONE,
        });
        if (!outcome.ok) {
          process.stderr.write(`${outcome.lines.join('\n')}\n`);
          return EXIT.failed;
        }
        process.stdout.write(`${isDryRun ? 'dry run, nothing written' : 'imported'} into ${branch.name}:\n${outcome.lines.join('\n')}\n`);
        return EXIT.ok;
      });
    },
  },
  holidays: {
    usage: 'zhibu holidays  |  zhibu holidays import <file.json> [--at <ISO instant>]',
    summary: "which years the holiday calendar covers; import a year from the State Council's notice",
    help: "Without arguments: the covered years and whether this year or next is missing. import: reads a year's days off and make-up workdays (format: README, \"Importing a new year's holidays\"), validates every date, and moves party days placed before it was known (weekends only) off its holidays; the secretaries are told at the next reminder pass. --at: the instant of the import (as for tick), now by default.",
    options: { at: { type: 'string' } },
    run: async ({ positionals: [action, file, ...extra], values }) => {
      const settings = config();
      if (action === undefined) {
        const [{ coveredYears, formatYearRanges, missingYears }, { loadHolidayCalendar }, { localDate }] = await Promise.all([
          import('./domain/calendar/holiday-calendar.js'), import('./reminders/load-holiday-calendar.js'), import('./domain/dates.js'),
        ]);
        return withDatabase(async (db) => {
          const calendar = await loadHolidayCalendar(db);
          const year = Number(localDate(clock(), settings.ZHIBU_TIMEZONE).slice(0, 4));
          const missing = missingYears(calendar, [year, year + 1]);
          process.stdout.write(`covered: ${formatYearRanges(coveredYears(calendar))}\nmissing this year or next: ${missing.length > 0 ? missing.join(', ') : 'none'}\n`);
          return EXIT.ok;
        });
      }
      if (action !== 'import' || !file || extra.length > 0) return usage('holidays');
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        process.stderr.write(`zhibu holidays import: ${fileProblem(file, error)}.\n`);
        return EXIT.failed;
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        process.stderr.write(`zhibu holidays import: ${file} is not valid JSON (${error instanceof Error ? error.message : String(error)}); the format is in README, "Importing a new year's holidays".\n`);
        return EXIT.failed;
      }
      const { readHolidayFile } = await import('./domain/calendar/holiday-file.js');
      const read = readHolidayFile(json);
      if ('errors' in read) {
        process.stderr.write(`zhibu holidays import: ${file} was not imported:\n${read.errors.map((e) => `  ${e}`).join('\n')}\n`);
        return EXIT.failed;
      }
      const at = await instantOf(values, settings.ZHIBU_TIMEZONE);
      if (typeof at === 'string') return usage('holidays', at);
      const { importHolidayYear } = await import('./reminders/import-holiday-year.js');
      return withDatabase(async (db) => {
        const { year } = read;
        const { isReplaced, moves } = await importHolidayYear(db, year, `cli:${userInfo().username}`, settings.ZHIBU_TIMEZONE, at.toJSDate());
        process.stdout.write(`${isReplaced ? 'replaced' : 'imported'} ${year.year}: ${Object.keys(year.holidays).length} days off, ${Object.keys(year.workdays).length} make-up workdays (${year.source})\n`);
        for (const m of moves) process.stdout.write(`moved ${m.branchName} activity #${m.activity.id} from ${m.from.toISOString()} to ${m.activity.startsAt.toISOString()} (secretary told)\n`);
        return EXIT.ok;
      });
    },
  },
};

function overview(): string {
  const commands = Object.values(COMMANDS).flatMap((c) => [...c.usage.split('  |  ').map((u) => `  ${u}`), ...wrapText(c.summary, '      ')]);
  return [
    'zhibu — a Party-branch assistant for Feishu and DingTalk group chats',
    '',
    'Usage:',
    ...commands,
    '  zhibu <command> --help',
    '      more about one command',
    '  zhibu --version',
    '      the version of zhibu',
    '',
    ...wrapText('Settings come from the environment or a .env file in the working directory (see .env.example). Exit codes: 0 done, 1 failed, 2 wrong usage or not confirmed, 3 bad configuration (a setting, or a database that cannot be used).'),
  ].join('\n');
}

function commandHelp(command: CliCommand): string {
  return ['Usage:', ...command.usage.split('  |  ').map((u) => `  ${u}`), '', ...wrapText(command.help)].join('\n');
}

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${overview()}\n`);
    return name ? EXIT.ok : EXIT.usage;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    process.stdout.write(`zhibu ${packageVersion()}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`zhibu: unknown command "${name}".\n\n${overview()}\n`);
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${commandHelp(command)}\n`);
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
  const settings = await import('./config.js');
  readSettings = settings.readConfig;
  try {
    return await command.run(args);
  } catch (error) {
    const { databaseConfigError } = await import('./db/database-problem.js');
    const setting = error instanceof settings.ConfigError ? error : databaseConfigError(error, databaseUrl());
    if (setting) {
      process.stderr.write(`${setting.message}\n`);
      return EXIT.config;
    }
    process.stderr.write(`zhibu ${name} failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failed;
  }
}

/** Set by runCli before a command runs: config.js (and zod) load only for a command. */
let readSettings: (() => Config) | undefined;

function config(): Config {
  if (!readSettings) throw new Error('the settings are read only once a command runs');
  return readSettings();
}

/** The database setting, for naming it in an error; empty when the settings cannot be read. */
function databaseUrl(): string {
  try {
    return config().DATABASE_URL;
  } catch {
    return '';
  }
}

function usage(name: string, problem?: string): number {
  process.stderr.write(`${problem ? `zhibu ${name}: ${problem}\n` : ''}Usage: ${COMMANDS[name]?.usage ?? name}\n`);
  return EXIT.usage;
}

/**
 * The instant `--at` names (read on the clock of `zone` without an offset), the clock's now
 * without it, or what is wrong with it (not an instant, or outside the schedule window).
 */
async function instantOf(values: Record<string, unknown>, zone: string): Promise<DateTime | string> {
  const [{ DateTime }, { isInWindow }] = await Promise.all([import('luxon'), import('./domain/dates.js')]);
  const given = typeof values.at === 'string' ? values.at : undefined;
  const at = given === undefined ? DateTime.fromJSDate(clock(), { zone }) : DateTime.fromISO(given, { zone });
  if (!at.isValid) return `--at "${given ?? ''}" is not an ISO instant such as 2026-12-04T08:30:00+08:00`;
  return isInWindow(at.year, 'schedule') ? at : `--at "${given ?? ''}" is outside the accepted years (${await windowEn()})`;
}

/** `zhibu export --record <id> --out <file.docx>`: one activity's printable meeting record. */
async function exportRecordFile(typed: string, out: string | undefined): Promise<number> {
  const id = /^#?(\d{1,9})$/.exec(typed.trim())?.[1];
  if (!id) return usage('export', `--record "${typed}" is not an activity id: write its number, such as 12`);
  if (!out) return usage('export', '--out <file.docx> is required');
  const settings = config();
  return withDatabase(async (db) => {
    const { exportMeetingRecord } = await import('./ledger/export-meeting-record.js');
    const file = await exportMeetingRecord(db, { activityId: Number(id), now: clock(), defaultZone: settings.ZHIBU_TIMEZONE, actor: `cli:${userInfo().username}`, via: 'cli' });
    if (!file) {
      process.stderr.write(`zhibu export: there is no activity ${id}.\n`);
      return EXIT.failed;
    }
    writeFileSync(out, file.content);
    process.stdout.write(`wrote ${out}: ${file.record.branchName} ${file.record.kindZh} ${file.record.heldAt}${file.record.content.length === 0 ? ' (no content written yet)' : ''}\n`);
    return EXIT.ok;
  });
}

/** The period `--month` or `--year` names, or what is wrong with them. */
async function exportPeriod(values: Record<string, unknown>): Promise<LedgerPeriod | string> {
  const [{ parseMonth }, { parsePeriod }] = await Promise.all([import('./domain/dues/months.js'), import('./domain/ledger-period.js')]);
  const month = typeof values.month === 'string' ? values.month : undefined;
  const year = typeof values.year === 'string' ? values.year : undefined;
  if (month !== undefined && year !== undefined) return 'give --month or --year, not both';
  if (month === undefined && year === undefined) return 'give the period: --month YYYY-MM (such as 2026-12) or --year YYYY (such as 2026)';
  if (month !== undefined && !parseMonth(month)) return `--month "${month}" is not a month: write YYYY-MM with the month 01 to 12, such as 2026-12`;
  if (year !== undefined && !/^\d{4}$/.test(year.trim())) return `--year "${year}" is not a year: write four digits, such as 2026`;
  const period = parsePeriod(month ?? year ?? '');
  return period ?? `--${month !== undefined ? 'month' : 'year'} "${month ?? year ?? ''}" is outside the accepted years (${await windowEn()})`;
}

function stringOption(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The branch named, or the only one; says on stderr why there is none. */
async function pickBranch(db: Db, command: string, name: string | undefined): Promise<{ id: number; name: string } | undefined> {
  const branches = await db.organization.findMany({ where: { kind: 'branch', ...(name ? { name } : {}) }, orderBy: { id: 'asc' }, select: { id: true, name: true } });
  const [only] = branches;
  if (only && branches.length === 1) return only;
  if (branches.length === 0) process.stderr.write(name ? `zhibu ${command}: no branch is named "${name}".\n` : `zhibu ${command}: there are no branches yet.\n`);
  else process.stderr.write(`zhibu ${command}: there are ${branches.length} branches; name one with --branch (${branches.map((b) => b.name).join(', ')}).\n`);
  return undefined;
}

async function withDatabase(work: (db: Db) => Promise<number>): Promise<number> {
  const { DATABASE_URL } = config();
  const [{ migrateDatabase }, { openDatabase }] = await Promise.all([import('./db/migrations.js'), import('./db/client.js')]);
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
  const settings = config();
  const [{ checkServeSettings }, { startBot }] = await Promise.all([import('./config.js'), import('./main.js')]);
  checkServeSettings(settings);
  const bot = await startBot(settings, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
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

/** The schedule window for an operator: "2000 to 2100". */
async function windowEn(): Promise<string> {
  const { DATE_WINDOWS } = await import('./domain/dates.js');
  return `${DATE_WINDOWS.schedule.from} to ${DATE_WINDOWS.schedule.to}`;
}
