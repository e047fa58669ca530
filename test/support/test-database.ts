import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, inject } from 'vitest';
import { openDatabase, type Db } from '../../src/db/client.js';
import type { Provider } from '../../src/db/provider.js';
import { createScratchDatabase } from '../../src/db/scratch-postgres.js';

export interface TestDatabase {
  provider: Provider;
  url: string;
  db: Db;
  close: () => Promise<void>;
}

/** The providers this run tests against: SQLite always, PostgreSQL unless turned off. */
export function testProviders(): Provider[] {
  return inject('postgresTemplate') ? ['sqlite', 'postgresql'] : ['sqlite'];
}

/** A fresh, migrated, real database of `provider`, private to the caller. */
export async function createTestDatabase(provider: Provider): Promise<TestDatabase> {
  if (provider === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'zhibu-db-'));
    const file = join(dir, 'zhibu.db');
    copyFileSync(inject('sqliteTemplate'), file);
    const url = `file:${file}`;
    const { db, close } = await openDatabase(url);
    return { provider, url, db, close: async () => { await close(); rmSync(dir, { recursive: true, force: true }); } };
  }
  const template = new URL(inject('postgresTemplate'));
  const admin = new URL(template);
  admin.pathname = '/postgres';
  const scratch = await createScratchDatabase(admin.toString(), 'zhibu_t', template.pathname.slice(1));
  const { db, close } = await openDatabase(scratch.url);
  return { provider, url: scratch.url, db, close: async () => { await close(); await scratch.drop(); } };
}

/**
 * One database for the enclosing describe block, emptied before each of its tests. Returns
 * a getter: the database exists once the block's beforeAll has run.
 */
export function useTestDatabase(provider: Provider): () => TestDatabase {
  let t: TestDatabase | undefined;
  beforeAll(async () => {
    t = await createTestDatabase(provider);
  });
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(async () => {
    if (t) await emptyTables(t.db);
  });
  return () => {
    if (!t) throw new Error('the test database is not ready yet');
    return t;
  };
}

/** Row counts of every table: "nothing changed" is these being equal before and after. */
export async function rowCounts(db: Db): Promise<Record<string, number>> {
  const [organization, member, identity, chatBinding, roleGrant, activity, checkIn, duesRecord, notification, auditLog, holidayYear, plannerCursor, liveMessage, organizationName, meetingRecord, meetingRecordRevision, meetingFile, recordDialogue] = await Promise.all([
    db.organization.count(), db.member.count(), db.identity.count(), db.chatBinding.count(), db.roleGrant.count(),
    db.activity.count(), db.checkIn.count(), db.duesRecord.count(), db.notification.count(), db.auditLog.count(),
    db.holidayYear.count(), db.plannerCursor.count(), db.liveMessage.count(), db.organizationName.count(), db.meetingRecord.count(), db.meetingRecordRevision.count(),
    db.meetingFile.count(), db.recordDialogue.count(),
  ]);
  return { organization, member, identity, chatBinding, roleGrant, activity, checkIn, duesRecord, notification, auditLog, holidayYear, plannerCursor, liveMessage, organizationName, meetingRecord, meetingRecordRevision, meetingFile, recordDialogue };
}

/** Empties every table, children first: for test files that share one database between tests. */
export async function emptyTables(db: Db): Promise<void> {
  await db.notification.deleteMany();
  await db.liveMessage.deleteMany();
  await db.plannerCursor.deleteMany();
  await db.holidayYear.deleteMany();
  await db.auditLog.deleteMany();
  await db.inboundEvent.deleteMany();
  await db.healthProbe.deleteMany();
  await db.callbackSignature.deleteMany();
  await db.checkIn.deleteMany();
  await db.recordDialogue.deleteMany();
  await db.meetingFile.deleteMany();
  await db.meetingRecordRevision.deleteMany();
  await db.meetingRecord.deleteMany();
  await db.duesRecord.deleteMany();
  await db.activity.deleteMany();
  await db.chatBinding.deleteMany();
  await db.roleGrant.deleteMany();
  await db.identity.deleteMany();
  await db.member.deleteMany();
  await db.organizationName.deleteMany();
  await db.organization.updateMany({ data: { parentId: null } });
  await db.organization.deleteMany();
}
