import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkServeSettings, ConfigError, readConfig, SETTING_NAMES } from '../../src/config.js';

describe('readConfig', () => {
  it('runs with nothing set: SQLite in ./data, port 3000, Shanghai time, the console', () => {
    const config = readConfig({});
    expect(config.DATABASE_URL).toBe('file:./data/zhibu.db');
    expect(config.PORT).toBe(3000);
    expect(config.ZHIBU_TIMEZONE).toBe('Asia/Shanghai');
    expect(config.hasFeishu).toBe(false);
    expect(config.hasDingtalk).toBe(false);
    expect(config.ZHIBU_REMINDERS).toBe('on');
  });

  it('reads the bootstrap admins and treats empty strings as unset', () => {
    const config = readConfig({ ZHIBU_ADMINS: 'feishu:ou_abc, console:张三', PORT: '' });
    expect([...config.ZHIBU_ADMINS]).toEqual(['feishu:ou_abc', 'console:张三']);
    expect(config.PORT).toBe(3000);
  });

  it.each([
    [{ ZHIBU_TIMEZONE: 'Asia/Shangai' }, /ZHIBU_TIMEZONE="Asia\/Shangai": must be an IANA time zone/],
    [{ PORT: 'eighty' }, /PORT="eighty": must be a port number/],
    [{ PORT: '70000' }, /PORT="70000"/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL="mysql:\/\/x": must be file:<path> for SQLite or postgresql:/],
    [{ ZHIBU_ADMINS: 'ou_abc' }, /"ou_abc" is not platform:id/],
    [{ FEISHU_MODE: 'socket' }, /FEISHU_MODE="socket": must be ws or webhook/],
    [{ FEISHU_APP_ID: 'cli_a1b2c3d4e5f6a7b8' }, /FEISHU_APP_SECRET is missing/],
    [{ FEISHU_APP_ID: 'cli_a', FEISHU_APP_SECRET: 's' }, /FEISHU_APP_ID="cli_a" is not a Feishu app id/],
    [{ FEISHU_APP_ID: 'cli_a1b2c3d4e5f6a7b8', FEISHU_APP_SECRET: 's', FEISHU_MODE: 'webhook' }, /FEISHU_MODE=webhook needs FEISHU_ENCRYPT_KEY/],
    [{ DINGTALK_CLIENT_ID: 'dingabc' }, /DINGTALK_CLIENT_SECRET is missing/],
    [{ DINGTALK_MODE: 'callback' }, /DINGTALK_MODE="callback": must be stream or webhook/],
    [{ ZHIBU_PUBLIC_URL: 'zhibu.example.gov.cn' }, /ZHIBU_PUBLIC_URL="zhibu.example.gov.cn": must be the http\(s\) address/],
    [{ ZHIBU_PUBLIC_URL: 'ftp://zhibu.example.gov.cn' }, /ZHIBU_PUBLIC_URL="ftp:\/\/zhibu.example.gov.cn": must be the http\(s\) address/],
    [{ ZHIBU_PUBLIC_URL: 'https://zhibu.example.gov.cn' }, /ZHIBU_LINK_SECRET is missing: generate one with `openssl rand -base64 32`/],
    [{ ZHIBU_PUBLIC_URL: 'https://zhibu.example.gov.cn', ZHIBU_LINK_SECRET: 'changeme' }, /ZHIBU_LINK_SECRET is too short or too plain/],
    [{ ZHIBU_LINK_SECRET: 'a'.repeat(40) }, /ZHIBU_LINK_SECRET is too short or too plain/],
    [{ ZHIBU_REMINDERS: 'maybe' }, /ZHIBU_REMINDERS="maybe": must be on or off/],
    [{ FEISHU_MODE: 'webhook' }, /FEISHU_MODE=webhook is set but FEISHU_APP_ID and FEISHU_APP_SECRET are not/],
    [{ FEISHU_MODE: 'ws' }, /FEISHU_MODE=ws is set but FEISHU_APP_ID and FEISHU_APP_SECRET are not/],
    [{ DINGTALK_MODE: 'stream' }, /DINGTALK_MODE=stream is set but DINGTALK_CLIENT_ID and DINGTALK_CLIENT_SECRET are not/],
  ])('stops on %j with a message naming the variable and the fix', (env, message) => {
    expect(() => readConfig(env)).toThrow(ConfigError);
    expect(() => readConfig(env)).toThrow(message);
  });

  it('reads secrets from files named by *_FILE, and refuses both or an unreadable file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zhibu-secret-'));
    const file = join(dir, 'secret');
    writeFileSync(file, 'from-a-file\n');
    expect(readConfig({ FEISHU_APP_ID: 'cli_a1b2c3d4e5f6a7b8', FEISHU_APP_SECRET_FILE: file }).FEISHU_APP_SECRET).toBe('from-a-file');
    expect(() => readConfig({ FEISHU_APP_SECRET: 'x', FEISHU_APP_SECRET_FILE: file })).toThrow('both FEISHU_APP_SECRET and FEISHU_APP_SECRET_FILE are set');
    expect(() => readConfig({ FEISHU_ENCRYPT_KEY_FILE: join(dir, 'missing') })).toThrow(/FEISHU_ENCRYPT_KEY_FILE=".*missing" cannot be read \(ENOENT\)/);
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads DingTalk and link settings, without echoing the secret', () => {
    const secret = 'k7Qm2xV9pL4sN8wR1tY6uZ3aB5cD0eFgH';
    const config = readConfig({ DINGTALK_CLIENT_ID: 'dingabc', DINGTALK_CLIENT_SECRET: 's', ZHIBU_PUBLIC_URL: 'https://zhibu.example.gov.cn/', ZHIBU_LINK_SECRET: secret });
    expect(config).toMatchObject({ hasDingtalk: true, DINGTALK_MODE: 'stream', ZHIBU_PUBLIC_URL: 'https://zhibu.example.gov.cn', ZHIBU_LINK_SECRET: secret });
    expect(() => readConfig({ ZHIBU_PUBLIC_URL: 'https://x.example', ZHIBU_LINK_SECRET: 'short-secret' })).not.toThrow(/short-secret/);
  });

  it('accepts PostgreSQL URLs in both spellings', () => {
    expect(readConfig({ DATABASE_URL: 'postgres://u@h/db' }).DATABASE_URL).toBe('postgres://u@h/db');
    expect(readConfig({ DATABASE_URL: 'postgresql://u@h/db' }).DATABASE_URL).toBe('postgresql://u@h/db');
  });

  it('refuses to serve in production without a chat platform, and says what to set', () => {
    expect(() => checkServeSettings(readConfig({ NODE_ENV: 'production' }))).toThrow(/NODE_ENV=production and no chat platform is configured. Set FEISHU_APP_ID and FEISHU_APP_SECRET .*DINGTALK_CLIENT_ID and DINGTALK_CLIENT_SECRET/);
    expect(() => checkServeSettings(readConfig({ NODE_ENV: 'production', DINGTALK_CLIENT_ID: 'dingabc', DINGTALK_CLIENT_SECRET: 's' }))).not.toThrow();
    expect(() => checkServeSettings(readConfig({}))).not.toThrow();
  });

  it('reads the example settings file as the console demo', () => {
    const example = Object.fromEntries(readFileSync(new URL('../../.env.example', import.meta.url), 'utf8').split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line)).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
    expect(readConfig(example)).toMatchObject({ hasFeishu: false, hasDingtalk: false, FEISHU_MODE: 'ws', DINGTALK_MODE: 'stream' });
  });
});

describe('.env.example', () => {
  it('defines every setting exactly once', () => {
    const defined = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8').split('\n').flatMap((line) => /^([A-Z_]+)=/.exec(line)?.[1] ?? []);
    expect(defined.filter((name, i) => defined.indexOf(name) !== i)).toEqual([]);
    expect([...defined].sort()).toEqual([...SETTING_NAMES].sort());
  });
});
