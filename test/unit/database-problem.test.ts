import { describe, expect, it } from 'vitest';
import { databaseConfigError } from '../../src/db/database-problem.js';

const URL = 'postgresql://zhibu:s3cret@db.example:5432/zhibu';
const adapterError = (kind: string) => Object.assign(new Error('Raw query failed'), { meta: { driverAdapterError: { cause: { kind } } } });

describe('a database that cannot be used is a setting to fix', () => {
  it.each([
    [new Error("Can't reach database server at `db.example:5432`"), 'cannot reach the database server in DATABASE_URL (postgresql://zhibu:***@db.example:5432/zhibu)'],
    [adapterError('DatabaseNotReachable'), 'cannot reach the database server'],
    [new Error('Database `zhibu` does not exist\n'), 'The database "zhibu" in DATABASE_URL (postgresql://zhibu:***@db.example:5432/zhibu) does not exist. Create it (createdb zhibu'],
    [adapterError('DatabaseDoesNotExist'), 'does not exist. Create it'],
    [new Error('User was denied access on the database `(not available)`'), 'refused the user in DATABASE_URL'],
    [adapterError('AuthenticationFailed'), 'Check the user name and password'],
    [new Error('wrapped', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) }), 'cannot reach'],
  ])('%s', (error, said) => {
    const problem = databaseConfigError(error, URL);
    expect(problem?.message).toContain(said);
    expect(problem?.message).not.toContain('s3cret');
  });

  it('leaves other errors alone', () => {
    expect(databaseConfigError(new Error('Unique constraint failed'), URL)).toBeUndefined();
    expect(databaseConfigError('not an error', URL)).toBeUndefined();
  });
});
