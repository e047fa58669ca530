import type { SendResult } from '../../bot/types.js';

/** Feishu codes that mean "too fast": the gateway's 99991400 and IM's 230020. */
const RATE_LIMIT_CODES = new Set([99991400, 230020]);

/**
 * What a failed Feishu call means for the sender. The SDK throws an axios error for non-2xx
 * answers and resolves with `{ code, msg }` for HTTP 200 with a non-zero code, so both ends
 * land here. Rate limits and server or network trouble are worth retrying; a wrong recipient
 * or a missing permission is not.
 */
export function classifyFeishuFailure(failure: unknown): SendResult {
  const response = (failure as { response?: { status?: number; data?: unknown; headers?: Record<string, unknown> } }).response;
  const body = (response?.data ?? failure) as { code?: unknown; msg?: unknown };
  const code = typeof body.code === 'number' ? body.code : undefined;
  const status = response?.status;
  const reset = Number(response?.headers?.['x-ogw-ratelimit-reset']);
  const error = `feishu ${status ?? 200} code ${code ?? '?'}: ${typeof body.msg === 'string' ? body.msg : failure instanceof Error ? failure.message : 'unknown'}`;
  if (status === 429 || (code !== undefined && RATE_LIMIT_CODES.has(code))) {
    return { ok: false, error, isRetryable: true, retryAfterMs: Number.isFinite(reset) && reset > 0 ? reset * 1000 : 1000 };
  }
  const isServerSide = status === undefined ? code === undefined : status >= 500;
  return { ok: false, error, isRetryable: isServerSide };
}
