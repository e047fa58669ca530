import { z } from 'zod';
import { readToken, signToken, type TokenReading } from './signed-token.js';

/** Which ledger a download link rebuilds, for whom, and until when. */
export interface ExportClaims {
  /** The branch; for the year-end pack its first organisation (0: every top-level one). */
  branchId: number;
  /**
   * "2026-11" or "2026"; "2026.zip" for the .zip with the meeting records' photos and files; "record-12": activity 12's
   * printable meeting record; "tree-3_8-2026" or "tree-all-2026": the year-end pack of organisations 3 and 8, or of all.
   */
  period: string;
  /** The AuditLog actor the link was made for ("dingtalk:<corpId>:<staffId>"). */
  actor: string;
  expiresAt: Date;
}

export type ExportReading = TokenReading<ExportClaims>;

/** A different purpose from the check-in links': a MAC of one is worthless as the other. */
const PURPOSE = 'zhibu ledger export';
const TREE_SUBJECT = /^tree-(all|\d{1,9}(?:_\d{1,9}){0,99})-(\d{4})$/;
const FIELDS = z.tuple([z.number().int().nonnegative(), z.string().regex(/^(?:\d{4}(?:-\d{2})?(?:\.zip)?|record-\d{1,9})$/).or(z.string().regex(TREE_SUBJECT)), z.string().min(1)])
  // The first field says which organisation the link is about; for a pack it must be the pack's first, so the two cannot disagree.
  .refine(([id, subject]) => {
    const first = firstOfSubject(subject);
    return first === undefined ? id > 0 : id === first;
  }, 'the organisation does not match the subject');

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

/** The upper level's year-end pack: its organisations ('all': every top-level one) and year. */
export interface TreePackSubject {
  rootIds: readonly number[] | 'all';
  year: number;
}

/** The token's subject for a year-end pack; undefined for an empty pack, which no link rebuilds. */
export function treePackSubject(pack: TreePackSubject): { branchId: number; period: string } | undefined {
  if (pack.rootIds === 'all') return { branchId: 0, period: `tree-all-${pack.year}` };
  const [first] = pack.rootIds;
  return first === undefined ? undefined : { branchId: first, period: `tree-${pack.rootIds.join('_')}-${pack.year}` };
}

/** The year-end pack a token's subject names, if it names one. */
export function treePackOfSubject(subject: string): TreePackSubject | undefined {
  const match = TREE_SUBJECT.exec(subject);
  if (!match) return undefined;
  const roots = match[1] ?? '';
  return { rootIds: roots === 'all' ? 'all' : roots.split('_').map(Number), year: Number(match[2]) };
}

/** The organisation id a pack's token must carry; undefined for a branch's ledger or record (any but 0). */
function firstOfSubject(subject: string): number | undefined {
  const pack = treePackOfSubject(subject);
  if (!pack) return undefined;
  return pack.rootIds === 'all' ? 0 : pack.rootIds[0];
}

/** A ledger download link's token (signed-token.ts). */
export function signExportToken(claims: ExportClaims, secret: string): string {
  return signToken(PURPOSE, [claims.branchId, claims.period, claims.actor], claims.expiresAt, secret);
}

/** The claims of a token whose signature is right and which has not expired at `nowMs`. */
export function readExportToken(token: string, secret: string, nowMs: number): ExportReading {
  return readToken(PURPOSE, FIELDS, token, secret, nowMs, ([branchId, period, actor], expiresAt) => ({ branchId, period, actor, expiresAt }));
}
