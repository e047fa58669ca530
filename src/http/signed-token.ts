import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { safeEqual } from '../safe-equal.js';

/**
 * An expired token's claims are still authentic (its signature was checked), so a page may use
 * them to say how to get a new link; they grant nothing.
 */
export type TokenReading<C> = { ok: true; claims: C } | { ok: false; reason: 'malformed' | 'forged' } | { ok: false; reason: 'expired'; claims: C };

const VERSION = 1;
/** 128 bits of HMAC-SHA256: unguessable, and the link stays short. */
const MAC_BYTES = 16;
const MAX_TOKEN_LENGTH = 600;
const EXPIRY = z.number().int().positive();

/**
 * A compact, URL-safe token of some fields and an expiry, signed with HMAC-SHA256:
 * `base64url([version, …fields, expiresAtSeconds]).base64url(mac)`. Nothing is stored; the
 * signature is the proof. `purpose` binds the MAC to one use, so a token made for one kind of
 * link means nothing as another.
 */
export function signToken(purpose: string, fields: readonly unknown[], expiresAt: Date, secret: string): string {
  const payload = Buffer.from(JSON.stringify([VERSION, ...fields, Math.floor(expiresAt.getTime() / 1000)])).toString('base64url');
  return `${payload}.${mac(purpose, payload, secret)}`;
}

/**
 * The fields of a token made by `signToken` for `purpose`, read with `fields` (a tuple schema),
 * once its signature is right and it has not expired at `nowMs`.
 */
export function readToken<F extends z.ZodTuple, C>(
  purpose: string, fields: F, token: string, secret: string, nowMs: number, toClaims: (fields: z.infer<F>, expiresAt: Date) => C,
): TokenReading<C> {
  const parts = token.length <= MAX_TOKEN_LENGTH ? token.split('.') : [];
  const [payload, signature] = parts;
  if (parts.length !== 2 || !payload || !signature) return { ok: false, reason: 'malformed' };
  if (!safeEqual(signature, mac(purpose, payload, secret))) return { ok: false, reason: 'forged' };
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (!Array.isArray(decoded) || decoded[0] !== VERSION) return { ok: false, reason: 'malformed' };
  const read = fields.safeParse(decoded.slice(1, -1));
  const expiresAtSeconds = EXPIRY.safeParse(decoded.at(-1));
  if (!read.success || !expiresAtSeconds.success) return { ok: false, reason: 'malformed' };
  const claims = toClaims(read.data, new Date(expiresAtSeconds.data * 1000));
  if (expiresAtSeconds.data * 1000 < nowMs) return { ok: false, reason: 'expired', claims };
  return { ok: true, claims };
}

function mac(purpose: string, payload: string, secret: string): string {
  return createHmac('sha256', secret).update(`${purpose}\n${payload}`).digest().subarray(0, MAC_BYTES).toString('base64url');
}
