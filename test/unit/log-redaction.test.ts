import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';

const SECRET = 'sEcReT-value-4242';

/** Every line one logger writes while `log` runs. */
function linesOf(log: (logger: ReturnType<typeof createLogger>) => void, secrets: string[] = []): string[] {
  const out = new PassThrough();
  const lines: string[] = [];
  out.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
  const logger = createLogger('trace', out, secrets);
  log(logger);
  return lines;
}

describe('log redaction', () => {
  it('keeps secrets out by field name, error shape and text, without knowing the values', () => {
    // An axios error as the Feishu SDK throws it: the whole request rides along.
    const axiosError = Object.assign(new Error('Request failed with status code 500'), {
      name: 'AxiosError', code: 'ERR_BAD_RESPONSE',
      config: { url: 'https://open.feishu.cn/open-apis/auth/v3/tenant_access_token/internal', data: JSON.stringify({ app_id: 'cli_x', app_secret: SECRET }), headers: { Authorization: `Bearer ${SECRET}` } },
      request: { _header: `POST /x HTTP/1.1\r\nAuthorization: Bearer ${SECRET}` },
      response: { status: 500, data: { code: 99991663, msg: 'invalid app_secret', echo: SECRET }, config: { data: `{"app_secret":"${SECRET}"}` } },
    });
    const lines = linesOf((log) => {
      log.error({ err: axiosError }, 'token request failed');
      log.warn({ appSecret: SECRET, nested: { clientSecret: SECRET, token: SECRET } }, 'fields');
      log.error(`[{"config":{"data":"{\\"app_id\\":\\"cli_x\\",\\"app_secret\\":\\"${SECRET}\\"}"}}]`);
      log.info(`GET https://oapi.dingtalk.com/gettoken?appkey=k&appsecret=${SECRET} and Bearer ${SECRET}`);
      log.info({ body: { encrypt_key: SECRET, access_token: SECRET } }, 'nested body');
    });
    expect(lines).toHaveLength(5);
    expect(lines.filter((l) => l.includes(SECRET))).toEqual([]);
    const [first] = lines;
    // What explains the failure stays.
    expect(JSON.parse(first ?? '{}')).toMatchObject({ err: { type: 'AxiosError', message: 'Request failed with status code 500', code: 'ERR_BAD_RESPONSE', status: 500, answer: { code: 99991663, msg: 'invalid app_secret' } } });
  });

  it('removes the configured secret values wherever they appear', () => {
    const lines = linesOf((log) => log.warn({ detail: `free text with ${SECRET} inside` }, `and in the message ${SECRET}`), [SECRET]);
    expect(lines[0]).not.toContain(SECRET);
    expect(lines[0]).toContain('[redacted]');
  });
});
