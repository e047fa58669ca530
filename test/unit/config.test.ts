import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../src/config.js';

describe('readConfig', () => {
  it('runs with nothing set: SQLite in ./data, port 3000, Shanghai time, the console', () => {
    const config = readConfig({});
    expect(config.DATABASE_URL).toBe('file:./data/zhibu.db');
    expect(config.PORT).toBe(3000);
    expect(config.ZHIBU_TIMEZONE).toBe('Asia/Shanghai');
    expect(config.hasFeishu).toBe(false);
    expect(config.hasDingtalk).toBe(false);
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
    [{ ZHIBU_LINK_SECRET: 'short' }, /ZHIBU_LINK_SECRET="short": must be at least 32 characters/],
    [{ ZHIBU_PUBLIC_URL: 'zhibu.example' }, /ZHIBU_PUBLIC_URL="zhibu.example": must be the URL people reach this server at/],
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

  it('accepts PostgreSQL URLs in both spellings', () => {
    expect(readConfig({ DATABASE_URL: 'postgres://u@h/db' }).DATABASE_URL).toBe('postgres://u@h/db');
    expect(readConfig({ DATABASE_URL: 'postgresql://u@h/db' }).DATABASE_URL).toBe('postgresql://u@h/db');
  });
});
