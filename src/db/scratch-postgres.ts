import { randomUUID } from 'node:crypto';

import pg from 'pg';
import { pgConfigOf } from './adapter-factory.js';

/**
 * Creates an empty PostgreSQL database next to the one `adminUrl` names and returns its URL
 * and a function that drops it. For migration authoring and tests; never used by the bot.
 */
export async function createScratchDatabase(adminUrl: string, prefix = 'zhibu_scratch', template?: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${process.pid}_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  await withAdmin(adminUrl, (c) => c.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withAdmin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

async function withAdmin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(pgConfigOf(adminUrl));
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
