import { createHash } from 'node:crypto';
import * as lark from '@larksuiteoapi/node-sdk';
import { safeEqual } from '../../safe-equal.js';

export interface FeishuSecrets {
  encryptKey?: string | undefined;
  verificationToken?: string | undefined;
}

export type Verdict =
  | { ok: true; kind: 'challenge'; challenge: string }
  | { ok: true; kind: 'event'; envelope: Record<string, unknown> }
  | { ok: false; status: 400 | 401; reason: string };

/**
 * Feishu signs a request only when an encrypt key is set, so without a key the
 * verification token is the only proof of origin; the SDK does not check it on v2 events.
 * Feishu retries unacknowledged events for up to 6 hours; older signed requests are replays.
 */
const MAX_AGE_SECONDS = 7 * 3600;

/**
 * Checks one webhook request as Feishu documents it, before anything reads it: the
 * signature over the raw body (`sha256(timestamp + nonce + encryptKey + body)`, hex), the
 * timestamp's age, decryption (AES-256-CBC, key = sha256(encryptKey)), and the verification
 * token in the (decrypted) envelope. URL-verification challenges are answered without a
 * signature, as Feishu sends them unsigned.
 */
export function verifyFeishuRequest(headers: Record<string, string | string[] | undefined>, rawBody: Buffer, secrets: FeishuSecrets, nowMs: number): Verdict {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    return { ok: false, status: 400, reason: 'body is not JSON' };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, status: 400, reason: 'body is not a JSON object' };

  let envelope = body as Record<string, unknown>;
  if (typeof envelope.encrypt === 'string') {
    if (!secrets.encryptKey) return { ok: false, status: 400, reason: 'encrypted body but FEISHU_ENCRYPT_KEY is not set' };
    try {
      const plain: unknown = JSON.parse(new lark.AESCipher(secrets.encryptKey).decrypt(envelope.encrypt));
      if (typeof plain !== 'object' || plain === null) throw new Error('not an object');
      envelope = plain as Record<string, unknown>;
    } catch {
      return { ok: false, status: 400, reason: 'cannot decrypt the body with FEISHU_ENCRYPT_KEY' };
    }
  } else if (secrets.encryptKey && envelope.type !== 'url_verification') {
    return { ok: false, status: 401, reason: 'plain body while FEISHU_ENCRYPT_KEY is set' };
  }

  const token = tokenOf(envelope);
  if (secrets.verificationToken && !safeEqual(token ?? '', secrets.verificationToken)) {
    return { ok: false, status: 401, reason: 'verification token does not match' };
  }
  if (envelope.type === 'url_verification') {
    return typeof envelope.challenge === 'string' ? { ok: true, kind: 'challenge', challenge: envelope.challenge } : { ok: false, status: 400, reason: 'challenge without a challenge value' };
  }

  if (secrets.encryptKey) {
    const timestamp = header(headers, 'x-lark-request-timestamp');
    const nonce = header(headers, 'x-lark-request-nonce');
    const signature = header(headers, 'x-lark-signature');
    if (!timestamp || !nonce || !signature) return { ok: false, status: 401, reason: 'signature headers missing' };
    const expected = createHash('sha256').update(timestamp + nonce + secrets.encryptKey).update(rawBody).digest('hex');
    if (!safeEqual(signature.toLowerCase(), expected)) return { ok: false, status: 401, reason: 'signature does not match' };
    const ageSeconds = Math.abs(nowMs / 1000 - Number(timestamp));
    if (!Number.isFinite(ageSeconds) || ageSeconds > MAX_AGE_SECONDS) return { ok: false, status: 401, reason: 'request timestamp too old or invalid (replay)' };
  }
  return { ok: true, kind: 'event', envelope };
}

/** The verification token: `header.token` in v2 envelopes, `token` in v1 and challenges. */
function tokenOf(envelope: Record<string, unknown>): string | undefined {
  const headerPart = envelope.header;
  if (typeof headerPart === 'object' && headerPart !== null && typeof (headerPart as { token?: unknown }).token === 'string') {
    return (headerPart as { token: string }).token;
  }
  return typeof envelope.token === 'string' ? envelope.token : undefined;
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
