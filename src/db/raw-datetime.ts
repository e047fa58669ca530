/**
 * A DateTime as a raw statement must pass it: PostgreSQL's driver takes the Date itself; on
 * SQLite, Prisma keeps DateTime as ISO text with an explicit offset, and rows written by raw SQL
 * must compare and read back like Prisma's own.
 */
export function rawDateTime(d: Date, isPostgres: boolean): Date | string;
export function rawDateTime(d: Date | null, isPostgres: boolean): Date | string | null;
export function rawDateTime(d: Date | null, isPostgres: boolean): Date | string | null {
  if (d === null) return null;
  return isPostgres ? d : d.toISOString().replace('Z', '+00:00');
}
