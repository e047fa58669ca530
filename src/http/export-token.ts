import { z } from 'zod';
import { readToken, signToken, type TokenReading } from './signed-token.js';

/** Which ledger a download link rebuilds, for whom, and until when. */
export interface ExportClaims {
  branchId: number;
  /** "2026-11" or "2026"; "2026.zip" for the .zip with the meeting records' photos and files; "record-12": activity 12's printable meeting record. */
  period: string;
  /** The AuditLog actor the link was made for ("dingtalk:<corpId>:<staffId>"). */
  actor: string;
  expiresAt: Date;
}

export type ExportReading = TokenReading<ExportClaims>;

/** A different purpose from the check-in links': a MAC of one is worthless as the other. */
const PURPOSE = 'zhibu ledger export';
const FIELDS = z.tuple([z.number().int().positive(), z.string().regex(/^(?:\d{4}(?:-\d{2})?(?:\.zip)?|record-\d{1,9})$/), z.string().min(1)]);

/** Marks a period whose link rebuilds the .zip rather than the workbook. */
export const ZIP_SUFFIX = '.zip';

/** The token's subject for a printable meeting record. */
export function recordSubject(activityId: number): string {
  return `record-${activityId}`;
}

/** The activity a token's subject names, if it names a meeting record. */
export function recordOfSubject(subject: string): number | undefined {
  const match = /^record-(\d{1,9})$/.exec(subject);
  return match ? Number(match[1]) : undefined;
}

/** A ledger download link's token (signed-token.ts). */
export function signExportToken(claims: ExportClaims, secret: string): string {
  return signToken(PURPOSE, [claims.branchId, claims.period, claims.actor], claims.expiresAt, secret);
}

/** The claims of a token whose signature is right and which has not expired at `nowMs`. */
export function readExportToken(token: string, secret: string, nowMs: number): ExportReading {
  return readToken(PURPOSE, FIELDS, token, secret, nowMs, ([branchId, period, actor], expiresAt) => ({ branchId, period, actor, expiresAt }));
}
