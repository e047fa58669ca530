/**
 * The one redaction every log line passes through (DEPLOY.md promises logs carry no secrets).
 * Three layers, because secrets reach the logger three ways:
 * - structured fields named like secrets (`appSecret`, `token`, …): pino's `redact` paths;
 * - the SDKs' own error objects (axios errors carry the whole request: body with
 *   `app_secret`, headers with the bearer token): `scrubError` keeps only what explains the
 *   failure;
 * - text that embeds them (an SDK message that stringified a request): `scrubText` over each
 *   finished line, by key and by the configured secret values themselves.
 */

const SECRET_KEYS = [
  'app_secret', 'appSecret', 'AppSecret', 'client_secret', 'clientSecret', 'appsecret', 'secret', 'encrypt_key', 'encryptKey',
  'token', 'verificationToken', 'tenant_access_token', 'app_access_token', 'access_token', 'accessToken', 'ticket',
  'authorization', 'x-acs-dingtalk-access-token', 'password',
];

/** pino `redact` paths: a secret-named field at the top level or one level down. */
export const REDACT_PATHS = SECRET_KEYS.flatMap((key) => {
  const path = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
  const nested = path.startsWith('[') ? `*${path}` : `*.${path}`;
  return [path, nested];
});

const KEY_ALTERNATION = SECRET_KEYS.map((k) => k.replace(/[-]/g, '\\-')).join('|');
/** `"app_secret":"…"` in JSON, also when the JSON sits escaped inside another string. */
const JSON_VALUE = new RegExp(`((?:\\\\*")(?:${KEY_ALTERNATION})(?:\\\\*")\\s*:\\s*(?:\\\\*"))((?:[^"\\\\]|\\\\(?!"))*)`, 'gi');
/** `?appsecret=…&ticket=…` in URLs. */
const QUERY_VALUE = /([?&](?:appsecret|app_secret|ticket|access_token|session)=)[^&\s"'\\]+/gi;
const BEARER = /(Bearer\s+)[A-Za-z0-9._~+/=-]+/g;
/** Values shorter than this are not searched for as text: they would match ordinary words. */
const MIN_SECRET_LENGTH = 8;
const CENSOR = '[redacted]';

/** A secret-free copy of `text`: secret-named values, bearer tokens, and the known secrets themselves. */
export function scrubText(text: string, secrets: readonly string[] = []): string {
  let scrubbed = text.replace(JSON_VALUE, `$1${CENSOR}`).replace(QUERY_VALUE, `$1${CENSOR}`).replace(BEARER, `$1${CENSOR}`);
  for (const secret of secrets) {
    if (secret.length >= MIN_SECRET_LENGTH) scrubbed = scrubbed.split(secret).join(CENSOR);
  }
  return scrubbed;
}

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  stack?: unknown;
  code?: unknown;
  status?: unknown;
  cause?: unknown;
  response?: { status?: unknown; data?: unknown };
}

/**
 * An error as it may be logged: name, message, stack, code, the HTTP status and the platform's
 * own `code`/`msg` from the answer, and the cause, never the request (`config`, `request`) or
 * the answer's headers.
 */
export function scrubError(error: unknown, depth = 0): unknown {
  if (typeof error !== 'object' || error === null) return error;
  const e = error as ErrorLike;
  const answer = e.response?.data;
  const platform = typeof answer === 'object' && answer !== null ? pick(answer as Record<string, unknown>, ['code', 'msg', 'message', 'errcode', 'errmsg']) : undefined;
  return {
    type: typeof e.name === 'string' ? e.name : 'Error',
    message: typeof e.message === 'string' ? e.message : '',
    ...(typeof e.stack === 'string' ? { stack: e.stack } : {}),
    ...(e.code !== undefined ? { code: e.code } : {}),
    ...(e.response?.status !== undefined ? { status: e.response.status } : typeof e.status === 'number' ? { status: e.status } : {}),
    ...(platform && Object.keys(platform).length > 0 ? { answer: platform } : {}),
    ...(e.cause !== undefined && depth < 3 ? { cause: scrubError(e.cause, depth + 1) } : {}),
  };
}

function pick(source: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => source[k] !== undefined && typeof source[k] !== 'object').map((k) => [k, source[k]]));
}

/** A destination that writes each finished line scrubbed. */
export function scrubbingDestination(destination: NodeJS.WritableStream, secrets: readonly string[]): { write(line: string): boolean } {
  return { write: (line: string) => destination.write(scrubText(line, secrets)) };
}
