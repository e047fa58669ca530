import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { safeEqual } from '../safe-equal.js';

/** Which ledger a download link rebuilds, for whom, and until when. */
export interface ExportClaims {
  branchId: number;
  /** "2026-11" or "2026". */
  period: string;
  /** The AuditLog actor the link was made for ("dingtalk:<corpId>:<staffId>"). */
  actor: string;
  expiresAt: Date;
}

export type ExportReading = { ok: true; claims: ExportClaims } | { ok: false; reason: 'malformed' | 'forged' | 'expired' };

const VERSION = 1;
/** A different purpose from the check-in links': a MAC of one is worthless as the other. */
const PURPOSE = 'zhibu ledger export';
const MAC_BYTES = 16;
const MAX_TOKEN_LENGTH = 600;

const payloadSchema = z.tuple([
  z.literal(VERSION),
  z.number().int().positive(),
  z.string().regex(/^\d{4}(-\d{2})?$/),
  z.string().min(1),
  z.number().int().positive(),
]);

/**
 * `base64url(payload).base64url(mac)`, like the check-in links (link-token.ts): nothing is
 * stored, the HMAC under ZHIBU_LINK_SECRET is the proof.
 */
export function signExportToken(claims: ExportClaims, secret: string): string {
  const payload = Buffer.from(JSON.stringify([VERSION, claims.branchId, claims.period, claims.actor, Math.floor(claims.expiresAt.getTime() / 1000)])).toString('base64url');
  return `${payload}.${mac(payload, secret)}`;
}

/** The claims of a token whose signature is right and which has not expired at `nowMs`. */
export function readExportToken(token: string, secret: string, nowMs: number): ExportReading {
  const parts = token.length <= MAX_TOKEN_LENGTH ? token.split('.') : [];
  const [payload, signature] = parts;
  if (parts.length !== 2 || !payload || !signature) return { ok: false, reason: 'malformed' };
  if (!safeEqual(signature, mac(payload, secret))) return { ok: false, reason: 'forged' };
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const parsed = payloadSchema.safeParse(decoded);
  if (!parsed.success) return { ok: false, reason: 'malformed' };
  const [, branchId, period, actor, expiresAtSeconds] = parsed.data;
  if (expiresAtSeconds * 1000 < nowMs) return { ok: false, reason: 'expired' };
  return { ok: true, claims: { branchId, period, actor, expiresAt: new Date(expiresAtSeconds * 1000) } };
}

function mac(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(`${PURPOSE}\n${payload}`).digest().subarray(0, MAC_BYTES).toString('base64url');
}
