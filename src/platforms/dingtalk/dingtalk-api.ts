import type { SendResult } from '../../bot/types.js';
import type { Metrics } from '../../metrics.js';
import { RateLimiter } from '../rate-limiter.js';
import { realTiming, withRetries, type SenderTiming } from '../with-retries.js';
import { classifyDingtalkFailure, isTokenRejected } from './classify-failure.js';

/** 20 calls per second per app and API (standard organisations); more is refused with a 403. */
/** 20 QPS per app and API; the conversations sending through one API take turns. */
const PER_API = { shared: { limit: 20, windowMs: 1000 } };
/** A token is renewed this long before DingTalk says it expires (7200 s). */
const TOKEN_MARGIN_MS = 5 * 60_000;
const REQUEST_TIMEOUT_MS = 10_000;

/** A call's outcome: a SendResult, with the parsed answer when it succeeded. */
export type ApiAnswer = SendResult & { body?: Record<string, unknown> };

export interface DingtalkApiOptions {
  /** https://api.dingtalk.com, or a local stand-in in tests. */
  baseUrl: string;
  appKey: string;
  appSecret: string;
  timing?: SenderTiming | undefined;
  metrics?: Metrics | undefined;
}

/**
 * The DingTalk OpenAPI as zhibu uses it: JSON POSTs with the app's access token (from
 * `/v1.0/oauth2/accessToken`, kept until shortly before it expires), within 20 QPS per API,
 * retrying QPS-limit answers after DingTalk's one-second pause, server trouble, and a token
 * DingTalk no longer accepts. Also posts to session webhooks, which need no token.
 */
export class DingtalkApi {
  private token: { value: string; expiresAt: number } | undefined;
  private tokenRequest: Promise<ApiAnswer & { token?: string }> | undefined;
  private readonly limiters = new Map<string, RateLimiter>();
  private readonly timing: SenderTiming;

  constructor(private readonly options: DingtalkApiOptions) {
    this.timing = options.timing ?? realTiming;
  }

  /** POSTs `body` to an OpenAPI `path` such as `/v1.0/robot/groupMessages/send`. */
  post(path: string, body: unknown): Promise<ApiAnswer> {
    return this.call('POST', path, body);
  }

  /** PUTs `body` to an OpenAPI `path` (`/v1.0/card/instances`: a card's new data). */
  put(path: string, body: unknown): Promise<ApiAnswer> {
    return this.call('PUT', path, body);
  }

  private call(method: 'POST' | 'PUT', path: string, body: unknown): Promise<ApiAnswer> {
    return withRetries(async () => {
      const token = await this.accessToken();
      if (!token.ok || !token.token) return token;
      const answer = await this.request(path, `${this.options.baseUrl}${path}`, body, { 'x-acs-dingtalk-access-token': token.token }, targetOf(body), method);
      if (answer.ok || !isTokenRejected(answer.status ?? 0, answer.body)) return answer;
      // The token was revoked or the secret rotated: fetch a new one and try again at once.
      this.token = undefined;
      return { ...answer, isRetryable: true, retryAfterMs: 0 };
    }, this.timing.sleep);
  }

  /** POSTs `body` to a conversation's session webhook; `{ errcode: 0 }` means it was taken. */
  postSessionWebhook(url: string, body: unknown): Promise<ApiAnswer> {
    return withRetries(() => this.request('sessionWebhook', url, body, {}, url), this.timing.sleep, 2);
  }

  private async accessToken(): Promise<ApiAnswer & { token?: string }> {
    if (this.token && this.token.expiresAt > this.timing.clock()) return { ok: true, token: this.token.value };
    // Callers arriving while a token is being fetched share that request.
    this.tokenRequest ??= this.fetchToken().finally(() => {
      this.tokenRequest = undefined;
    });
    return this.tokenRequest;
  }

  private async fetchToken(): Promise<ApiAnswer & { token?: string }> {
    const path = '/v1.0/oauth2/accessToken';
    const answer = await this.request(path, `${this.options.baseUrl}${path}`, { appKey: this.options.appKey, appSecret: this.options.appSecret }, {});
    if (!answer.ok) return { ...answer, error: `access token refused (check DINGTALK_CLIENT_ID and DINGTALK_CLIENT_SECRET): ${answer.error ?? ''}` };
    const { accessToken, expireIn } = answer.body ?? {};
    if (typeof accessToken !== 'string' || accessToken === '') return { ok: false, error: 'dingtalk access token answer without accessToken', isRetryable: true };
    const lifetimeMs = (typeof expireIn === 'number' && expireIn > 0 ? expireIn : 7200) * 1000;
    this.token = { value: accessToken, expiresAt: this.timing.clock() + Math.max(lifetimeMs - TOKEN_MARGIN_MS, lifetimeMs / 2) };
    return { ok: true, token: accessToken };
  }

  private limiterOf(limitKey: string): RateLimiter {
    let limiter = this.limiters.get(limitKey);
    if (!limiter) {
      limiter = new RateLimiter(PER_API, this.timing.clock, this.timing.sleep);
      this.limiters.set(limitKey, limiter);
    }
    return limiter;
  }

  /** One POST within the rate limit of `limitKey`, its turn taken as `target`, its answer parsed and checked. */
  private async request(limitKey: string, url: string, body: unknown, headers: Record<string, string>, target = limitKey, method: 'POST' | 'PUT' = 'POST'): Promise<ApiAnswer & { status?: number }> {
    await this.limiterOf(limitKey).take(target);
    const timer = this.options.metrics?.platformApiSeconds.startTimer({ platform: 'dingtalk', api: limitKey });
    const answer = await this.send(method, url, body, headers);
    timer?.({ outcome: answer.ok ? 'ok' : answer.isRetryable ? 'retryable' : 'failed' });
    if (answer.retryAfterMs) this.options.metrics?.platformRateLimited.inc({ platform: 'dingtalk' });
    return answer;
  }

  private async send(method: 'POST' | 'PUT', url: string, body: unknown, headers: Record<string, string>): Promise<ApiAnswer & { status?: number }> {
    let status: number;
    let parsed: unknown;
    try {
      const response = await fetch(url, {
        method,
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      status = response.status;
      const text = await response.text();
      parsed = parseJson(text);
    } catch (error) {
      return classifyDingtalkFailure(undefined, undefined, error);
    }
    const errcode = (parsed as { errcode?: unknown } | undefined)?.errcode;
    const isAccepted = status >= 200 && status < 300 && typeof parsed === 'object' && parsed !== null && (errcode === undefined || errcode === 0);
    if (isAccepted) return { ok: true, body: parsed as Record<string, unknown>, status };
    return { ...classifyDingtalkFailure(status, parsed), status, ...(typeof parsed === 'object' && parsed !== null ? { body: parsed as Record<string, unknown> } : {}) };
  }
}

/** Who a send is for (a group, some people), so a busy group does not hold up the others. */
function targetOf(body: unknown): string {
  const { openConversationId, openSpaceId, outTrackId, userIds } = (typeof body === 'object' && body !== null ? body : {}) as { openConversationId?: unknown; openSpaceId?: unknown; outTrackId?: unknown; userIds?: unknown };
  if (typeof openConversationId === 'string') return openConversationId;
  // A card goes to a space (`dtv1.card//IM_GROUP.<openConversationId>`); an update names the card.
  if (typeof openSpaceId === 'string') return openSpaceId;
  if (typeof outTrackId === 'string') return outTrackId;
  return Array.isArray(userIds) ? userIds.join(',') : '';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
