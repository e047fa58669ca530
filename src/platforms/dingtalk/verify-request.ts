import { createHmac } from 'node:crypto';
import { safeEqual } from '../../safe-equal.js';

/** DingTalk refuses, and so do we, a callback whose timestamp is more than an hour off. */
const MAX_SKEW_MS = 3600_000;

export type SignatureVerdict = { ok: true } | { ok: false; reason: string };

/**
 * Checks the `timestamp` and `sign` headers of an HTTP callback as DingTalk documents them:
 * `sign = base64(HmacSHA256(key = appSecret, timestamp + "\n" + appSecret))`, and the
 * timestamp (ms) within an hour of now. The signature does not cover the body, so it is
 * checked before the body is read, and the body is still treated as untrusted input.
 */
export function verifyDingtalkSignature(headers: Record<string, string | string[] | undefined>, appSecret: string, nowMs: number): SignatureVerdict {
  const timestamp = first(headers.timestamp);
  const sign = first(headers.sign);
  if (!timestamp || !sign) return { ok: false, reason: 'timestamp or sign header missing' };
  if (!/^\d{1,16}$/.test(timestamp)) return { ok: false, reason: 'timestamp is not milliseconds' };
  if (!safeEqual(sign, dingtalkSign(timestamp, appSecret))) return { ok: false, reason: 'sign does not match' };
  if (Math.abs(nowMs - Number(timestamp)) > MAX_SKEW_MS) return { ok: false, reason: 'timestamp more than an hour away (a replay, or a wrong clock)' };
  return { ok: true };
}

/** The signature DingTalk puts on a callback sent at `timestamp` (ms, as a string). */
export function dingtalkSign(timestamp: string, appSecret: string): string {
  return createHmac('sha256', appSecret).update(`${timestamp}\n${appSecret}`).digest('base64');
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
