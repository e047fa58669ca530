import type { SendResult } from '../../bot/types.js';

/** DingTalk asks for a one-second pause after a QPS-limit answer. */
export const QPS_PAUSE_MS = 1000;

/**
 * What a failed DingTalk call means for the sender. The new OpenAPI answers errors with an HTTP
 * status and `{ code, message, requestid }` — rate limits as 403
 * `Forbidden.AccessDenied.QpsLimitForAppkeyAndApi` (20 QPS per app and API) or `…QpsLimitForApi`;
 * a session webhook answers HTTP 200 with `{ errcode, errmsg }`. Rate limits, server and network
 * trouble are worth retrying; a bad request, a missing permission or a spent monthly quota are not.
 */
export function classifyDingtalkFailure(status: number | undefined, body: unknown, cause?: unknown): SendResult {
  if (status === undefined) {
    return { ok: false, error: `dingtalk unreachable: ${cause instanceof Error ? cause.message : String(cause)}`, isRetryable: true };
  }
  const { code, message } = describe(body);
  const error = `dingtalk ${status} ${code ?? '?'}: ${message ?? 'no message'}`;
  if (code?.includes('QpsLimit') || status === 429) return { ok: false, error, isRetryable: true, retryAfterMs: QPS_PAUSE_MS };
  // A month's call quota (standard organisations): nothing helps before the month turns.
  if (code?.includes('ApiCountLimit')) return { ok: false, error: `${error} (the organisation's monthly API quota is spent)`, isRetryable: false };
  return { ok: false, error, isRetryable: status >= 500 };
}

/** Whether an answer says the access token is no longer good (a new one may fix it). */
export function isTokenRejected(status: number, body: unknown): boolean {
  const { code } = describe(body);
  return status === 401 || code === 'InvalidAuthentication' || code === 'invalidAuthentication';
}

function describe(body: unknown): { code?: string | undefined; message?: string | undefined } {
  if (typeof body !== 'object' || body === null) return { message: typeof body === 'string' && body ? body.slice(0, 200) : undefined };
  const b = body as { code?: unknown; message?: unknown; errcode?: unknown; errmsg?: unknown };
  const code = typeof b.code === 'string' || typeof b.code === 'number' ? String(b.code) : typeof b.errcode === 'number' ? String(b.errcode) : undefined;
  const message = typeof b.message === 'string' ? b.message : typeof b.errmsg === 'string' ? b.errmsg : undefined;
  return { code, message };
}
