import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { isTimeZone } from './domain/dates.js';

const ADMIN_ENTRY = /^(feishu|dingtalk|console):[^\s:,]+$/;

/**
 * Every setting zhibu reads, in one schema over the environment. Each key is documented in
 * .env.example and the README's configuration table.
 */
const configSchema = z.object({
  DATABASE_URL: z.string().default('file:./data/zhibu.db').refine(
    (url) => /^file:.+/.test(url) || /^postgres(ql)?:\/\/.+/.test(url),
    'must be file:<path> for SQLite or postgresql://user@host:5432/db for PostgreSQL',
  ),
  PORT: z.coerce.number({ error: 'must be a port number such as 3000' }).int().min(0).max(65535).default(3000),
  ZHIBU_TIMEZONE: z.string().default('Asia/Shanghai').refine(isTimeZone, 'must be an IANA time zone such as Asia/Shanghai'),
  ZHIBU_ADMINS: z.string().default('').transform((text, ctx) => {
    const entries = text.split(',').map((e) => e.trim()).filter(Boolean);
    const bad = entries.find((e) => !ADMIN_ENTRY.test(e));
    if (bad) ctx.addIssue({ code: 'custom', message: `"${bad}" is not platform:id; write feishu:<open_id>, dingtalk:<staffId> or console:<name>, comma-separated` });
    return new Set(entries);
  }),
  ZHIBU_RETENTION_DAYS: z.coerce.number({ error: 'must be a number of days, at least 1' }).int().min(1).max(3650).default(90),
  // A reply is retried through an outage of the platform for this long, then dropped (logged,
  // counted in /metrics): an answer an hour late only confuses.
  // Photos and files of meeting records: on disk (ZHIBU_FILES_DIR, by default "files" next to
  // the SQLite file, else ./data/files) or in the database, so instances on PostgreSQL share them.
  ZHIBU_FILES_STORE: z.enum(['disk', 'database'], { error: 'must be disk or database' }).default('disk'),
  ZHIBU_FILES_DIR: z.string().optional(),
  ZHIBU_FILE_MAX_MB: z.coerce.number({ error: 'must be a number of megabytes, 1 to 200' }).int().min(1).max(200).default(20),
  ZHIBU_REPLY_STALE_MINUTES: z.coerce.number({ error: 'must be a number of minutes, 1 to 1440' }).int().min(1).max(1440).default(30),
  // Feishu and DingTalk deliver from few addresses and members behind one government NAT share
  // one, so the default stops a flood, not a busy party day.
  ZHIBU_HTTP_LIMIT_PER_MINUTE: z.coerce.number({ error: 'must be a number of requests per minute; 0 turns the limit off' }).int().min(0).default(6000),
  ZHIBU_TRUST_PROXY: z.coerce.number({ error: 'must be the number of proxies in front of zhibu, e.g. 1 behind one load balancer' }).int().min(0).max(10).default(0),
  ZHIBU_DEMO: z.enum(['auto', 'on', 'off'], { error: 'must be auto, on or off' }).default('auto'),
  // A long connection down for longer than this turns /healthz 503 (a reconnect takes ~20 s,
  // Feishu's retry after a refusal up to 2.5 min).
  ZHIBU_CONNECTION_GRACE_SECONDS: z.coerce.number({ error: 'must be a number of seconds, at least 1' }).int().min(1).max(86_400).default(120),
  ZHIBU_REMINDERS: z.enum(['on', 'off'], { error: 'must be on or off' }).default('on'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { error: 'must be one of fatal, error, warn, info, debug, trace, silent' }).optional(),
  NODE_ENV: z.string().default('development'),
  FEISHU_APP_ID: z.string().optional(),
  FEISHU_APP_SECRET: z.string().optional(),
  FEISHU_VERIFICATION_TOKEN: z.string().optional(),
  FEISHU_ENCRYPT_KEY: z.string().optional(),
  FEISHU_MODE: z.enum(['ws', 'webhook'], { error: 'must be ws or webhook' }).default('ws'),
  FEISHU_DOMAIN: z.url({ error: 'must be a URL such as https://open.feishu.cn' }).default('https://open.feishu.cn'),
  DINGTALK_CLIENT_ID: z.string().optional(),
  DINGTALK_CLIENT_SECRET: z.string().optional(),
  DINGTALK_ROBOT_CODE: z.string().optional(),
  DINGTALK_CARD_TEMPLATE_ID: z.string().optional(),
  DINGTALK_MODE: z.enum(['stream', 'webhook'], { error: 'must be stream or webhook' }).default('stream'),
  DINGTALK_API_BASE: z.url({ error: 'must be a URL such as https://api.dingtalk.com' }).default('https://api.dingtalk.com'),
  ZHIBU_PUBLIC_URL: z.url({ protocol: /^https?$/, error: "must be the http(s) address members' phones reach zhibu at, such as https://zhibu.example.gov.cn" })
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
  ZHIBU_LINK_SECRET: z.string().optional(),
});

/** Every setting zhibu reads, for the check that .env.example documents each once. */
export const SETTING_NAMES = Object.keys(configSchema.shape);

export type Config = z.infer<typeof configSchema> & {
  /** Whether Feishu credentials are present, so the Feishu platform starts. */
  hasFeishu: boolean;
  hasDingtalk: boolean;
};

/** Raised for a setting that cannot work; its message names the variable and the fix. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Reads the configuration from `env` (process.env by default; tests pass their own).
 * Empty strings count as unset, as they do in most .env files.
 */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = withSecretFiles(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== '')) as Record<string, string>);
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? '?');
      return `  ${key}=${JSON.stringify(present[key] ?? '')}: ${issue.message}`;
    });
    throw new ConfigError(`zhibu cannot start: fix these settings (environment or .env; see .env.example):\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  checkModesHaveCredentials(present);
  checkPlatformSettings(c);
  return {
    ...c,
    hasFeishu: Boolean(c.FEISHU_APP_ID && c.FEISHU_APP_SECRET),
    hasDingtalk: Boolean(c.DINGTALK_CLIENT_ID && c.DINGTALK_CLIENT_SECRET),
  };
}

/** Settings that may come from a file instead (`FEISHU_APP_SECRET_FILE=/run/secrets/…`). */
export const SECRET_SETTINGS = ['DATABASE_URL', 'FEISHU_APP_SECRET', 'FEISHU_VERIFICATION_TOKEN', 'FEISHU_ENCRYPT_KEY', 'DINGTALK_CLIENT_SECRET', 'ZHIBU_LINK_SECRET'] as const;

/**
 * The configured secret values, for the log redaction to search every line for: the secret
 * settings and a PostgreSQL password.
 */
export function secretValues(c: Config): string[] {
  const values = SECRET_SETTINGS.filter((key) => key !== 'DATABASE_URL').map((key) => c[key]);
  const password = /^postgres(?:ql)?:\/\/[^:/@]+:([^@]+)@/.exec(c.DATABASE_URL)?.[1];
  return [...values, password].filter((v): v is string => typeof v === 'string' && v !== '');
}

/**
 * Reads `X_FILE` settings into `X`, so secrets can live in files readable only by the
 * service user (systemd credentials, mounted secrets) rather than in the environment.
 */
function withSecretFiles(env: Record<string, string>): Record<string, string> {
  const result = { ...env };
  for (const key of SECRET_SETTINGS) {
    const file = env[`${key}_FILE`];
    if (!file) continue;
    if (env[key]) throw new ConfigError(`zhibu cannot start: both ${key} and ${key}_FILE are set; keep one.`);
    try {
      result[key] = readFileSync(file, 'utf8').trim();
    } catch (error) {
      throw new ConfigError(`zhibu cannot start: ${key}_FILE="${file}" cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); check the path and that the service user may read it.`);
    }
  }
  return result;
}

/**
 * A connection mode set on its own is a platform someone meant to run: without its
 * credentials zhibu would quietly fall back to the console instead.
 */
function checkModesHaveCredentials(present: Record<string, string>): void {
  const platforms = [
    { mode: 'FEISHU_MODE', id: 'FEISHU_APP_ID', secret: 'FEISHU_APP_SECRET' },
    { mode: 'DINGTALK_MODE', id: 'DINGTALK_CLIENT_ID', secret: 'DINGTALK_CLIENT_SECRET' },
  ];
  for (const { mode, id, secret } of platforms) {
    if (present[mode] === undefined || present[id] !== undefined || present[secret] !== undefined) continue;
    throw new ConfigError(`zhibu cannot start: ${mode}=${present[mode]} is set but ${id} and ${secret} are not. Set both (from the app's credentials page), or unset ${mode} to run without that platform.`);
  }
}

/**
 * `zhibu serve` in production must talk to a chat platform: the console is for trying zhibu
 * out, and a service reading an empty stdin would exit at once and look like a success.
 */
export function checkServeSettings(c: Config): void {
  if (c.NODE_ENV !== 'production' || c.hasFeishu || c.hasDingtalk) return;
  throw new ConfigError('zhibu cannot serve: NODE_ENV=production and no chat platform is configured. Set FEISHU_APP_ID and FEISHU_APP_SECRET (Feishu), or DINGTALK_CLIENT_ID and DINGTALK_CLIENT_SECRET (DingTalk), or both; to try zhibu on the console, unset NODE_ENV.');
}

/** A link secret shorter than this is refused: it signs check-in links, so it must not be guessable. */
const MIN_LINK_SECRET_LENGTH = 32;

/** Settings that only make sense together: credentials in pairs, webhook secrets, id formats, link signing. */
function checkPlatformSettings(c: z.infer<typeof configSchema>): void {
  const pairs: [string, string | undefined, string, string | undefined][] = [
    ['FEISHU_APP_ID', c.FEISHU_APP_ID, 'FEISHU_APP_SECRET', c.FEISHU_APP_SECRET],
    ['DINGTALK_CLIENT_ID', c.DINGTALK_CLIENT_ID, 'DINGTALK_CLIENT_SECRET', c.DINGTALK_CLIENT_SECRET],
  ];
  for (const [aKey, a, bKey, b] of pairs) {
    if (Boolean(a) !== Boolean(b)) {
      throw new ConfigError(`zhibu cannot start: ${a ? bKey : aKey} is missing. Set both ${aKey} and ${bKey}, or neither to run without that platform.`);
    }
  }
  // The SDK's long connection silently refuses other app ids.
  if (c.FEISHU_APP_ID && !/^cli_[0-9a-f]{16}$/i.test(c.FEISHU_APP_ID)) {
    throw new ConfigError(`zhibu cannot start: FEISHU_APP_ID="${c.FEISHU_APP_ID}" is not a Feishu app id; copy it from the developer console (it looks like cli_a1b2c3d4e5f6a7b8).`);
  }
  if (c.FEISHU_APP_ID && c.FEISHU_MODE === 'webhook' && !c.FEISHU_ENCRYPT_KEY && !c.FEISHU_VERIFICATION_TOKEN) {
    throw new ConfigError("zhibu cannot start: FEISHU_MODE=webhook needs FEISHU_ENCRYPT_KEY (recommended) or FEISHU_VERIFICATION_TOKEN, so forged requests can be told apart. Copy them from the app's event subscription page.");
  }
  const makeSecret = 'generate one with `openssl rand -base64 32` and keep it the same across restarts and instances';
  if (c.ZHIBU_PUBLIC_URL && !c.ZHIBU_LINK_SECRET) {
    throw new ConfigError(`zhibu cannot start: ZHIBU_PUBLIC_URL is set, so zhibu sends signed check-in links, and ZHIBU_LINK_SECRET is missing: ${makeSecret}.`);
  }
  const secret = c.ZHIBU_LINK_SECRET;
  if (secret !== undefined && (secret.length < MIN_LINK_SECRET_LENGTH || new Set(secret).size < 10)) {
    throw new ConfigError(`zhibu cannot start: ZHIBU_LINK_SECRET is too short or too plain to sign check-in links (at least ${MIN_LINK_SECRET_LENGTH} varied characters): ${makeSecret}.`);
  }
}
