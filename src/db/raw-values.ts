import { providerOfClient, type Db } from './client.js';

/**
 * Values of a raw read as Prisma's model API returns them. Raw reads come back as the driver
 * gives them: on SQLite DateTime is ISO text, Boolean an integer and Json text; on PostgreSQL
 * Dates, booleans and parsed jsonb.
 */
export function nullableString(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export function nullableNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

export function dateOf(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value));
}

export function nullableDate(value: unknown): Date | null {
  return value === null || value === undefined ? null : dateOf(value);
}

export function booleanOf(value: unknown): boolean {
  return value === true || value === 1 || value === 1n || value === '1' || value === 'true';
}

export function jsonOf(value: unknown): unknown {
  if (typeof value !== 'string') return value ?? null;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** The n-th (1-based) parameter's placeholder in the client's dialect. */
export function placeholders(db: Db): (n: number) => string {
  return providerOfClient(db) === 'postgresql' ? (n) => `$${n}` : () => '?';
}
