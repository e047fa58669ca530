import { createHmac } from 'node:crypto';
import { z } from 'zod';
import type { PlatformName } from '../bot/types.js';
import { safeEqual } from '../safe-equal.js';

/** Who a check-in link is for, and until when it works. */
export interface LinkClaims {
  platform: PlatformName;
  tenant: string;
  userId: string;
  activityId: number;
  expiresAt: Date;
}

export type LinkReading = { ok: true; claims: LinkClaims } | { ok: false; reason: 'malformed' | 'forged' | 'expired' };

const VERSION = 1;
/** Binds the MAC to this use, so the secret's MACs mean nothing anywhere else. */
const PURPOSE = 'zhibu check-in link';
/** 128 bits of HMAC-SHA256: unguessable, and the link stays short. */
const MAC_BYTES = 16;
const MAX_TOKEN_LENGTH = 600;

const payloadSchema = z.tuple([
  z.literal(VERSION),
  z.enum(['feishu', 'dingtalk', 'console']),
  z.string().min(1),
  z.string().min(1),
  z.number().int().positive(),
  z.number().int().positive(),
]);

/**
 * A compact, URL-safe token naming a person (platform, tenant, user id), an activity and an
 * expiry, signed with HMAC-SHA256: `base64url(payload).base64url(mac)`. Nothing is stored;
 * the signature is the proof.
 *
 * @example
 * const token = signLinkToken({ platform: 'dingtalk', tenant, userId, activityId: 7, expiresAt }, secret);
 * readLinkToken(token, secret, Date.now()); // { ok: true, claims }
 */
export function signLinkToken(claims: LinkClaims, secret: string): string {
  const payload = Buffer.from(JSON.stringify([VERSION, claims.platform, claims.tenant, claims.userId, claims.activityId, Math.floor(claims.expiresAt.getTime() / 1000)])).toString('base64url');
  return `${payload}.${mac(payload, secret)}`;
}

/** The claims of a token, once its signature is right and it has not expired at `nowMs`. */
export function readLinkToken(token: string, secret: string, nowMs: number): LinkReading {
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
  const [, platform, tenant, userId, activityId, expiresAtSeconds] = parsed.data;
  if (expiresAtSeconds * 1000 < nowMs) return { ok: false, reason: 'expired' };
  return { ok: true, claims: { platform, tenant, userId, activityId, expiresAt: new Date(expiresAtSeconds * 1000) } };
}

function mac(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(`${PURPOSE}\n${payload}`).digest().subarray(0, MAC_BYTES).toString('base64url');
}
