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
    [{ ZHIBU_REMINDERS: 'maybe' }, /ZHIBU_REMINDERS="maybe": must be on or off/],
    [{ FEISHU_APP_ID: 'cli_a' }, /FEISHU_APP_SECRET is missing/],
  ])('stops on %j with a message naming the variable and the fix', (env, message) => {
    expect(() => readConfig(env)).toThrow(ConfigError);
    expect(() => readConfig(env)).toThrow(message);
  });

  it('accepts PostgreSQL URLs in both spellings', () => {
    expect(readConfig({ DATABASE_URL: 'postgres://u@h/db' }).DATABASE_URL).toBe('postgres://u@h/db');
    expect(readConfig({ DATABASE_URL: 'postgresql://u@h/db' }).DATABASE_URL).toBe('postgresql://u@h/db');
  });
});
