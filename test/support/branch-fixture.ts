import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Db } from '../../src/db/client.js';
import type { Provider } from '../../src/db/provider.js';
import { addActivity, seedBranch, type SeededBranch } from './seed.js';
import { emptyTables, createTestDatabase, type TestDatabase } from './test-database.js';

/** The seeded party day: Friday 2026-12-04, 15:00 in Shanghai. */
export const PARTY_DAY_START = '2026-12-04T07:00:00.000Z';

/** An instant given as Shanghai wall-clock time, on the party day unless another day is named. */
export function shanghai(time: string, day = '2026-12-04'): Date {
  return new Date(`${day}T${time}:00+08:00`);
}

export interface BranchFixture {
  db: Db;
  seeded: SeededBranch;
  /** The party day's id. */
  activityId: number;
}

/**
 * For a test file: a real database of `provider`, emptied before each test and seeded with
 * the branch of seedBranch() and its party day. Read the fields inside tests, not at load.
 */
export function useBranchFixture(provider: Provider): BranchFixture {
  let t: TestDatabase | undefined;
  const fixture = {} as BranchFixture;
  beforeAll(async () => {
    t = await createTestDatabase(provider);
    fixture.db = t.db;
  });
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(async () => {
    await emptyTables(fixture.db);
    fixture.seeded = await seedBranch(fixture.db);
    fixture.activityId = (await addActivity(fixture.db, fixture.seeded.branchId, PARTY_DAY_START)).id;
  });
  return fixture;
}
