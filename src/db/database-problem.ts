import { ConfigError } from '../config.js';

/** Why a database could not be used, when it is the setting rather than a bug. */
type Problem = 'unreachable' | 'missing' | 'denied';

// The schema engine (migrations) reports in sentences; the driver adapter (queries) by kind.
const ENGINE_MESSAGES: [RegExp, Problem][] = [
  [/Can't reach database server|Timed out trying to acquire|connection refused/iu, 'unreachable'],
  [/^Database `[^`]*` does not exist/iu, 'missing'],
  [/denied access|Authentication failed/iu, 'denied'],
];
const ADAPTER_KINDS: Record<string, Problem> = {
  DatabaseNotReachable: 'unreachable',
  SocketTimeout: 'unreachable',
  TlsConnectionError: 'unreachable',
  DatabaseDoesNotExist: 'missing',
  DatabaseAccessDenied: 'denied',
  AuthenticationFailed: 'denied',
};

/**
 * The operator's fix when `error` says the database in `databaseUrl` cannot be reached, does
 * not exist or refuses the user: a ConfigError naming DATABASE_URL (exit code 3), the password
 * left out. Undefined for any other error.
 */
export function databaseConfigError(error: unknown, databaseUrl: string): ConfigError | undefined {
  const problem = problemOf(error);
  if (!problem) return undefined;
  const url = withoutPassword(databaseUrl);
  const name = databaseName(databaseUrl);
  switch (problem) {
    case 'unreachable':
      return new ConfigError(`zhibu cannot reach the database server in DATABASE_URL (${url}). Is PostgreSQL running there and accepting connections from this machine? Check the host and port in DATABASE_URL.`);
    case 'missing':
      return new ConfigError(`The database "${name}" in DATABASE_URL (${url}) does not exist. Create it (createdb ${name}, or CREATE DATABASE ${name}; in psql) and start again; zhibu creates the tables itself.`);
    case 'denied':
      return new ConfigError(`The database server refused the user in DATABASE_URL (${url}). Check the user name and password (or DATABASE_URL_FILE), and that the user may connect to "${name}".`);
  }
}

function problemOf(error: unknown): Problem | undefined {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const kind = (e as { meta?: { driverAdapterError?: { cause?: { kind?: string } } } }).meta?.driverAdapterError?.cause?.kind;
    if (kind && ADAPTER_KINDS[kind]) return ADAPTER_KINDS[kind];
    const code = (e as { code?: unknown }).code;
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT' || code === 'EHOSTUNREACH') return 'unreachable';
    const byMessage = ENGINE_MESSAGES.find(([pattern]) => pattern.test(e.message));
    if (byMessage) return byMessage[1];
  }
  return undefined;
}

function withoutPassword(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(unreadable URL)';
  }
}

function databaseName(databaseUrl: string): string {
  try {
    return decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//u, '')) || 'zhibu';
  } catch {
    return 'zhibu';
  }
}
