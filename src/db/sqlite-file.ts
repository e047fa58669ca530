import { providerOf } from './provider.js';

/** The file of a `file:` SQLite URL; undefined for PostgreSQL and in-memory databases. */
export function sqliteFileOf(databaseUrl: string): string | undefined {
  if (providerOf(databaseUrl) !== 'sqlite') return undefined;
  const path = databaseUrl.replace(/^file:/, '').split('?')[0] ?? '';
  return path && path !== ':memory:' ? path : undefined;
}
