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
  ZHIBU_DEMO: z.enum(['auto', 'on', 'off'], { error: 'must be auto, on or off' }).default('auto'),
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
  DINGTALK_MODE: z.enum(['stream', 'webhook'], { error: 'must be stream or webhook' }).default('stream'),
  DINGTALK_API_BASE: z.url({ error: 'must be a URL such as https://api.dingtalk.com' }).default('https://api.dingtalk.com'),
});

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
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? '?');
      return `  ${key}=${JSON.stringify(present[key] ?? '')}: ${issue.message}`;
    });
    throw new ConfigError(`zhibu cannot start: fix these settings (environment or .env; see .env.example):\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  const halves: [string, string | undefined, string, string | undefined][] = [
    ['FEISHU_APP_ID', c.FEISHU_APP_ID, 'FEISHU_APP_SECRET', c.FEISHU_APP_SECRET],
    ['DINGTALK_CLIENT_ID', c.DINGTALK_CLIENT_ID, 'DINGTALK_CLIENT_SECRET', c.DINGTALK_CLIENT_SECRET],
  ];
  for (const [aKey, a, bKey, b] of halves) {
    if (Boolean(a) !== Boolean(b)) {
      throw new ConfigError(`zhibu cannot start: ${a ? bKey : aKey} is missing. Set both ${aKey} and ${bKey}, or neither to run without that platform.`);
    }
  }
  return {
    ...c,
    hasFeishu: Boolean(c.FEISHU_APP_ID && c.FEISHU_APP_SECRET),
    hasDingtalk: Boolean(c.DINGTALK_CLIENT_ID && c.DINGTALK_CLIENT_SECRET),
  };
}
