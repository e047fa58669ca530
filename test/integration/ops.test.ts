import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/client.js';
import { startBot } from '../../src/main.js';
import { backupSqlite, restoreSqlite } from '../../src/ops/backup.js';
import { eraseMemberData, exportMemberData, findMember } from '../../src/ops/member-data.js';
import { pruneDeliveryRecords } from '../../src/ops/prune.js';
import { addActivity, seedBranch } from '../support/seed.js';
import { processEnv, ZHIBU_BIN } from '../support/run-zhibu.js';
import { createTestDatabase, testProviders, type TestDatabase } from '../support/test-database.js';
import { waitFor } from '../support/wait-for.js';

const NOW = new Date('2026-12-06T10:00:00+08:00');

describe('SQLite backup and restore', () => {
  let t: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    dir = mkdtempSync(join(tmpdir(), 'zhibu-backup-'));
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies a consistent database while writes go on, and the copy serves a working bot', async () => {
    const seeded = await seedBranch(t.db);
    let isWriting = true;
    let written = 0;
    const writer = (async () => {
      while (isWriting) {
        await t.db.auditLog.create({ data: { actor: 'test', action: 'write', entity: 'Test', entityId: String(written) } });
        written += 1;
        // better-sqlite3 answers synchronously: without a turn of the event loop this loop
        // would starve the timers (and the backup) below.
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    while (written < 50) await new Promise((resolve) => setTimeout(resolve, 5));
    const backup = join(dir, 'copy.db');
    const progress: number[] = [];
    await backupSqlite(t.url, backup, (done) => progress.push(done));
    isWriting = false;
    await writer;

    const copy = new Database(backup, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    const copied = (copy.prepare('SELECT count(*) AS n FROM AuditLog').get() as { n: number }).n;
    copy.close();
    expect(copied).toBeGreaterThanOrEqual(50);
    expect(copied).toBeLessThanOrEqual(written);
    expect(progress.at(-1)).toBe(1);

    const restoredUrl = `file:${join(dir, 'restored', 'zhibu.db')}`;
    restoreSqlite(restoredUrl, backup);
    const start = new Date(Date.now() + 5 * 60_000);
    const { db, close } = await openDatabase(restoredUrl);
    await addActivity(db, seeded.branchId, start.toISOString());
    await close();
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    let printed = '';
    stdout.on('data', (chunk: Buffer) => { printed += chunk.toString(); });
    const bot = await startBot(readConfig({ DATABASE_URL: restoredUrl, PORT: '0', LOG_LEVEL: 'silent', ZHIBU_DEMO: 'off' }), { stdin, stdout, stderr: new PassThrough() });
    stdin.end('签到\n');
    await bot.finished;
    await bot.stop();
    expect(printed).toBe('[群聊] zhibu：张三签到成功：主题党日。\n');
  });

  it('refuses a damaged backup, a non-zhibu file, and a database a running bot holds', async () => {
    const target = `file:${join(dir, 'target.db')}`;
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, 'not a database');
    expect(() => restoreSqlite(target, junk)).toThrow(/cannot be read as a SQLite database/);
    const empty = join(dir, 'empty.db');
    new Database(empty).exec('CREATE TABLE t (x)');
    expect(() => restoreSqlite(target, empty)).toThrow('is not a zhibu database');

    const good = join(dir, 'good.db');
    await backupSqlite(t.url, good);
    const sleeper = spawn('sleep', ['30']);
    try {
      writeFileSync(`${join(dir, 'target.db')}.pid`, `${sleeper.pid}\n`);
      expect(() => restoreSqlite(target, good)).toThrow(`zhibu (pid ${sleeper.pid}) is running`);
      expect(existsSync(join(dir, 'target.db'))).toBe(false);
    } finally {
      sleeper.kill();
    }
  });

  it('restoring over a database a killed bot left behind keeps everything it had written in the kept copy', async () => {
    const crashed = join(dir, 'crashed', 'zhibu.db');
    const backup = join(dir, 'before-crash.db');
    await backupSqlite(t.url, backup);
    // A bot that seeds its demo branch, then dies with kill -9: what it wrote is in the -wal file.
    const bot = spawn(process.execPath, [ZHIBU_BIN, 'serve'], {
      env: processEnv({ DATABASE_URL: `file:${crashed}`, PORT: '0', LOG_LEVEL: 'info', ZHIBU_DEMO: 'on', ZHIBU_REMINDERS: 'off' }),
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let logs = '';
    bot.stderr?.on('data', (chunk: Buffer) => { logs += chunk.toString(); });
    await waitFor(() => logs.includes('http listening'), 'the bot to start', 60_000);
    bot.kill('SIGKILL');
    await once(bot, 'exit');
    expect(existsSync(`${crashed}-wal`)).toBe(true);

    const { keptAs } = restoreSqlite(`file:${crashed}`, backup);
    const kept = new Database(keptAs, { readonly: true });
    try {
      expect((kept.prepare('SELECT count(*) AS n FROM Member').get() as { n: number }).n).toBeGreaterThanOrEqual(5);
      expect(kept.prepare("SELECT name FROM Member WHERE name = '陈七'").get()).toBeDefined();
    } finally {
      kept.close();
    }
  }, 90_000);

  it('refuses to back up PostgreSQL, pointing at pg_dump', async () => {
    await expect(backupSqlite('postgresql://u@h/db', join(dir, 'x.db'))).rejects.toThrow('for PostgreSQL use pg_dump');
  });
});

describe.each(testProviders())('personal data requests on %s', (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(provider);
  });
  afterAll(async () => {
    await t.close();
  });

  it('exports everything about a person, then erases it while the ledgers keep their totals', async () => {
    const seeded = await seedBranch(t.db);
    const liId = seeded.members['李四'] ?? 0;
    const activity = await addActivity(t.db, seeded.branchId, '2026-12-04T07:00:00.000Z');
    await t.db.checkIn.create({ data: { activityId: activity.id, memberId: liId, status: 'leave', leaveDecision: 'approved', leaveReason: '住院治疗' } });
    await t.db.checkIn.create({ data: { activityId: activity.id, memberId: seeded.members['王五'] ?? 0, status: 'present' } });
    await t.db.duesRecord.createMany({ data: [{ memberId: liId, month: '2026-10', amountDueFen: 7500, amountPaidFen: 7500, status: 'confirmed', note: '现金' }, { memberId: liId, month: '2026-11', amountDueFen: 7500 }] });
    await t.db.auditLog.create({ data: { actor: 'console:local:李四', action: 'x', entity: 'Member', entityId: String(liId), detail: { name: '李四' } } });
    await t.db.inboundEvent.create({ data: { platform: 'console', eventId: 'e-li', status: 'done', payload: { senderId: '李四', text: '请假 住院治疗' } } });

    const member = await findMember(t.db, '李四');
    const exported = JSON.stringify(await exportMemberData(t.db, member, NOW));
    for (const fact of ['李四', '2015-06-28', '住院治疗', '2026-10', 'console:local:李四']) expect(exported).toContain(fact);

    await eraseMemberData(t.db, member, 'cli', NOW);
    const after = JSON.stringify(await exportMemberData(t.db, await findMember(t.db, String(liId)), NOW));
    for (const fact of ['李四', '2015-06-28', '住院治疗', '现金']) expect(after).not.toContain(fact);
    expect(await t.db.identity.count({ where: { memberId: liId } })).toBe(0);
    expect(await t.db.inboundEvent.count({ where: { eventId: 'e-li' } })).toBe(0);
    // The ledgers: the same marks and the same money, now anonymous.
    expect(await t.db.checkIn.count({ where: { activityId: activity.id } })).toBe(2);
    const dues = await t.db.duesRecord.aggregate({ where: { memberId: liId }, _sum: { amountPaidFen: true, amountDueFen: true } });
    expect(dues._sum).toEqual({ amountPaidFen: 7500, amountDueFen: 15000 });
    expect(await t.db.auditLog.findFirst({ where: { action: 'member.erase' } })).toMatchObject({ actor: 'cli', entityId: String(liId) });
    await expect(findMember(t.db, '李四')).rejects.toThrow('no member named "李四"');
  });

  it('names every candidate when a name is ambiguous', async () => {
    const other = await t.db.organization.create({ data: { name: '第二党支部', kind: 'branch' } });
    await t.db.member.create({ data: { name: '王五', branchId: other.id } });
    await expect(findMember(t.db, '王五')).rejects.toThrow(/several members are named "王五"; give the id instead:\n {2}\d+ {2}王五 {2}第一党支部\n {2}\d+ {2}王五 {2}第二党支部/);
  });

  it('prunes delivery records past the retention, never ledgers', async () => {
    const old = new Date('2025-01-01T00:00:00Z');
    await t.db.inboundEvent.create({ data: { platform: 'console', eventId: 'old', status: 'done', receivedAt: old } });
    await t.db.inboundEvent.create({ data: { platform: 'console', eventId: 'old-unfinished', status: 'processing', receivedAt: old } });
    const pruned = await pruneDeliveryRecords(t.db, 90, new Date('2026-12-01T00:00:00Z'));
    expect(pruned.inboundEvents).toBeGreaterThanOrEqual(1);
    expect(await t.db.inboundEvent.count({ where: { eventId: 'old' } })).toBe(0);
    expect(await t.db.inboundEvent.count({ where: { eventId: 'old-unfinished' } })).toBe(1);
    expect(await t.db.checkIn.count()).toBeGreaterThan(0);
  });
});
