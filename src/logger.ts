import { pino } from 'pino';
import { REDACT_PATHS, scrubbingDestination, scrubError } from './log-redaction.js';

/** The structured logger every part of zhibu is handed. */
export type Logger = pino.Logger;

/**
 * JSON lines on stderr, so stdout stays free for the console platform and CLI output.
 * `level` is LOG_LEVEL; "silent" turns logging off (tests). Every line passes through the one
 * redaction (log-redaction.ts); `secrets` are the configured secret values, never to appear.
 */
export function createLogger(level: string, destination: NodeJS.WritableStream = process.stderr, secrets: readonly string[] = []): Logger {
  return pino({
    level, base: { app: 'zhibu' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: { err: scrubError, error: scrubError },
  }, scrubbingDestination(destination, secrets));
}

/** A logger that drops everything: for tests and dry runs. */
export const silentLogger: Logger = pino({ level: 'silent' });
