import { pino } from 'pino';

/** The structured logger every part of zhibu is handed. */
export type Logger = pino.Logger;

/**
 * JSON lines on stderr, so stdout stays free for the console platform and CLI output.
 * `level` is LOG_LEVEL; "silent" turns logging off (tests).
 */
export function createLogger(level: string, destination: NodeJS.WritableStream = process.stderr): Logger {
  return pino({ level, base: { app: 'zhibu' }, redact: ['*.secret', '*.appSecret', '*.token'] }, destination);
}

/** A logger that drops everything: for tests and dry runs. */
export const silentLogger: Logger = pino({ level: 'silent' });
