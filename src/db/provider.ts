/** The two database providers zhibu runs on. */
export type Provider = 'sqlite' | 'postgresql';

/** PostgreSQL when the URL says so, SQLite otherwise (`file:` URLs). */
export function providerOf(databaseUrl: string): Provider {
  return /^postgres(ql)?:\/\//i.test(databaseUrl) ? 'postgresql' : 'sqlite';
}
