import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import type { SqlDriverAdapterFactory, SqlQuery } from '@prisma/driver-adapter-utils';
import { describe, expect, it } from 'vitest';
import { isUniqueViolation } from '../../src/db/client.js';
import { CACHED_STATEMENTS, reusingStatements } from '../../src/db/sqlite-statement-cache.js';
import { seedBranch } from '../support/seed.js';
import { useTestDatabase } from '../support/test-database.js';

const query = (sql: string, args: unknown[] = []): SqlQuery => ({ sql, args, argTypes: args.map((arg) => ({ scalarType: typeof arg === 'number' ? 'int' : 'string', arity: 'scalar' })) } as unknown as SqlQuery);

describe('SQLite statements reused across executions', () => {
  it('prepares a statement once and runs it with each call\'s own arguments, through errors and transactions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zhibu-stmt-'));
    try {
      let prepared = 0;
      const inner = new PrismaBetterSqlite3({ url: `file:${join(dir, 'cache.db')}` });
      // Counts what reaches better-sqlite3 under the cache.
      const counting: SqlDriverAdapterFactory = {
        provider: inner.provider, adapterName: inner.adapterName,
        connect: async () => {
          const adapter = await inner.connect();
          const client = (adapter as unknown as { client: { prepare: (sql: string) => unknown } }).client;
          const prepare = client.prepare.bind(client);
          client.prepare = (sql: string) => { prepared += 1; return prepare(sql); };
          return adapter;
        },
      };
      const adapter = await reusingStatements(counting).connect();
      await adapter.executeScript('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE)');
      const before = prepared;
      for (let i = 1; i <= 5; i++) expect(await adapter.executeRaw(query('INSERT INTO t (id, name) VALUES (?, ?)', [i, `n${i}`]))).toBe(1);
      const read = async (id: number) => (await adapter.queryRaw(query('SELECT name FROM t WHERE id = ?', [id]))).rows;
      expect(await read(2)).toEqual([['n2']]);
      expect(await read(4)).toEqual([['n4']]);
      expect(await read(9)).toEqual([]);
      expect(prepared - before).toBe(2);

      // A failing execution leaves the cached statement usable.
      await expect(adapter.executeRaw(query('INSERT INTO t (id, name) VALUES (?, ?)', [6, 'n1']))).rejects.toThrow();
      expect(await adapter.executeRaw(query('INSERT INTO t (id, name) VALUES (?, ?)', [6, 'n6']))).toBe(1);

      const tx = await adapter.startTransaction();
      await tx.executeRaw(query('INSERT INTO t (id, name) VALUES (?, ?)', [7, 'n7']));
      await tx.executeRaw(query('ROLLBACK'));
      await tx.rollback();
      expect(await read(7)).toEqual([]);

      // More texts than the cache holds: the oldest are dropped and prepared again when used.
      for (let i = 0; i <= CACHED_STATEMENTS; i++) await adapter.queryRaw(query(`SELECT ${i} AS n`));
      const beforeOldest = prepared;
      expect(await read(3)).toEqual([['n3']]);
      expect(prepared - beforeOldest).toBe(1);
      await adapter.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('under the Prisma client', () => {
    const t = useTestDatabase('sqlite');
    it('answers repeated queries with their own rows and still reports a unique violation as one', async () => {
      const { db } = t();
      const { branchId } = await seedBranch(db);
      const members = await db.member.findMany({ where: { branchId }, orderBy: { id: 'asc' } });
      expect(members.length).toBeGreaterThan(1);
      for (const member of members) expect((await db.member.findFirst({ where: { id: member.id } }))?.name).toBe(member.name);
      const [first] = members;
      if (!first) throw new Error('the seed has members');
      const account = { platform: 'console', tenant: 'stmt', platformUserId: 'u1', memberId: first.id };
      await db.identity.create({ data: account });
      const again = await db.identity.create({ data: account }).then(() => undefined, (error: unknown) => error);
      expect(isUniqueViolation(again)).toBe(true);
      expect(await db.identity.count({ where: { tenant: 'stmt' } })).toBe(1);
    });
  });
});
