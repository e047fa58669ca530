import { createHmac } from 'node:crypto';
import { safeEqual } from '../../safe-equal.js';

/**
 * How far a callback's `timestamp` may be from our clock. DingTalk documents an hour, but it
 * stamps a callback when it sends it and delivers it within seconds; the rest of an hour would
 * only serve someone replaying a captured pair. Five minutes covers network delay and the
 * drift of an NTP-synced server many times over (docs/DEPLOY.md: keep the clock synced).
 */
export const CALLBACK_SKEW_MS = 5 * 60_000;

export type SignatureVerdict = { ok: true; timestamp: string; sign: string } | { ok: false; reason: string };

/**
 * Checks the `timestamp` and `sign` headers of an HTTP callback as DingTalk documents them:
 * `sign = base64(HmacSHA256(key = appSecret, timestamp + "\n" + appSecret))`, and the
 * timestamp (ms) within CALLBACK_SKEW_MS of `nowMs`. The signature does not cover the body, so
 * it is checked before the body is read; callback-replay.ts then binds the pair to one body.
 */
export function verifyDingtalkSignature(headers: Record<string, string | string[] | undefined>, appSecret: string, nowMs: number): SignatureVerdict {
  const timestamp = first(headers.timestamp);
  const sign = first(headers.sign);
  if (!timestamp || !sign) return { ok: false, reason: 'timestamp or sign header missing' };
  if (!/^\d{1,16}$/.test(timestamp)) return { ok: false, reason: 'timestamp is not milliseconds' };
  if (!safeEqual(sign, dingtalkSign(timestamp, appSecret))) return { ok: false, reason: 'sign does not match' };
  if (Math.abs(nowMs - Number(timestamp)) > CALLBACK_SKEW_MS) return { ok: false, reason: 'timestamp more than 5 minutes away (a replay, or a wrong clock)' };
  return { ok: true, timestamp, sign };
}

/** The signature DingTalk puts on a callback sent at `timestamp` (ms, as a string). */
export function dingtalkSign(timestamp: string, appSecret: string): string {
  return createHmac('sha256', appSecret).update(`${timestamp}\n${appSecret}`).digest('base64');
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
