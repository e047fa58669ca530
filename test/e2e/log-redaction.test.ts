import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { startBot } from '../../src/main.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

// Recognisable secrets: any line that carries one, in any part, fails the test.
const SECRETS = {
  FEISHU_APP_SECRET: 'PLANTED-feishu-app-secret-7f3a9c',
  FEISHU_ENCRYPT_KEY: 'PLANTED-feishu-encrypt-key-51d0e',
  FEISHU_VERIFICATION_TOKEN: 'PLANTED-feishu-verification-token-88b2',
  DINGTALK_CLIENT_SECRET: 'PLANTED-dingtalk-client-secret-c4e17',
  ZHIBU_LINK_SECRET: 'PLANTED-link-secret-0123456789abcdefGHIJ',
};

/** A server that answers every request 500 and echoes what it was sent, as a broken proxy might. */
async function startErroringServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 1, msg: 'internal error', echo: Buffer.concat(chunks).toString('utf8'), headers: req.headers }));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A port nothing listens on. */
async function unreachableUrl(): Promise<string> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

describe('every log line passes through one redaction', () => {
  let t: TestDatabase;
  let erroring: Awaited<ReturnType<typeof startErroringServer>>;
  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    erroring = await startErroringServer();
  });
  afterAll(async () => {
    await erroring.close();
    await t.close();
  });

  const runAgainst = async (base: string, mode: 'ws' | 'webhook') => {
    const stderr = new PassThrough();
    const lines: string[] = [];
    stderr.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
    const bot = await startBot(readConfig({
      DATABASE_URL: t.url, PORT: '0', LOG_LEVEL: 'trace', ZHIBU_REMINDERS: 'off', ...SECRETS, ZHIBU_PUBLIC_URL: 'https://zhibu.example.gov.cn',
      FEISHU_APP_ID: 'cli_a1b2c3d4e5f6a7b8', FEISHU_MODE: mode, FEISHU_DOMAIN: base,
      DINGTALK_CLIENT_ID: 'dingPlantedClient', DINGTALK_MODE: mode === 'ws' ? 'stream' : 'webhook', DINGTALK_API_BASE: base,
    }), { stdin: new PassThrough(), stdout: new PassThrough(), stderr });
    try {
      // Something to send, so the token requests fail too.
      await fetch(`http://127.0.0.1:${bot.port}/healthz`);
      await new Promise((resolve) => setTimeout(resolve, 3000));
    } finally {
      await bot.stop();
    }
    return lines;
  };

  it.each([['unreachable', 'ws'], ['unreachable', 'webhook'], ['erroring', 'ws'], ['erroring', 'webhook']] as const)('with the platforms %s (%s mode), no line carries a secret', async (kind, mode) => {
    const lines = await runAgainst(kind === 'erroring' ? erroring.url : await unreachableUrl(), mode);
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.some((l) => /"level":(40|50)/.test(l))).toBe(true);
    const leaks = lines.filter((line) => Object.values(SECRETS).some((secret) => line.includes(secret)) || /t-standin|Bearer [^[]/.test(line));
    expect(leaks).toEqual([]);
  });
});
