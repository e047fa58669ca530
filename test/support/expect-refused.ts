import { expect } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { rowCounts } from './test-database.js';

/**
 * Makes a request the bot must refuse and checks that it changed nothing: the status, an
 * answer without a stack trace, the same row counts, nothing sent, /healthz still 200.
 */
export async function expectRefused(db: Db, port: number, request: () => Promise<Response>, status: number, sent: () => unknown[]): Promise<void> {
  const before = await rowCounts(db);
  const response = await request();
  expect(response.status).toBe(status);
  expect(JSON.stringify(await response.json())).not.toMatch(/at .*\.ts/);
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(await rowCounts(db)).toEqual(before);
  expect(sent()).toEqual([]);
  expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
}
