import { z } from 'zod';
import type { PlatformName } from '../bot/types.js';
import { readToken, signToken, type TokenReading } from './signed-token.js';

/** Who a check-in link is for, and until when it works. */
export interface LinkClaims {
  platform: PlatformName;
  tenant: string;
  userId: string;
  activityId: number;
  expiresAt: Date;
}

export type LinkReading = TokenReading<LinkClaims>;

const PURPOSE = 'zhibu check-in link';
const FIELDS = z.tuple([z.enum(['feishu', 'dingtalk', 'console']), z.string().min(1), z.string().min(1), z.number().int().positive()]);

/**
 * A check-in link's token, naming a person (platform, tenant, user id), an activity and an
 * expiry (signed-token.ts).
 *
 * @example
 * const token = signLinkToken({ platform: 'dingtalk', tenant, userId, activityId: 7, expiresAt }, secret);
 * readLinkToken(token, secret, clock().getTime()); // { ok: true, claims }
 */
export function signLinkToken(claims: LinkClaims, secret: string): string {
  return signToken(PURPOSE, [claims.platform, claims.tenant, claims.userId, claims.activityId], claims.expiresAt, secret);
}

/** The claims of a token, once its signature is right and it has not expired at `nowMs`. */
export function readLinkToken(token: string, secret: string, nowMs: number): LinkReading {
  return readToken(PURPOSE, FIELDS, token, secret, nowMs, ([platform, tenant, userId, activityId], expiresAt) => ({ platform, tenant, userId, activityId, expiresAt }));
}
