import { describe, expect, it } from 'vitest';
import { checkInPage } from '../../src/http/check-in-page.js';
import { readLinkToken, signLinkToken } from '../../src/http/link-token.js';

const SECRET = 'k7Qm2xV9pL4sN8wR1tY6uZ3aB5cD0eFgH';
const claims = { platform: 'dingtalk' as const, tenant: 'dinge8a565xxxx', userId: 'user123', activityId: 42, expiresAt: new Date('2026-12-04T15:59:59Z') };
const now = new Date('2026-12-04T07:00:00Z').getTime();

describe('check-in link tokens', () => {
  it('round-trip, compact and URL-safe', () => {
    const token = signLinkToken(claims, SECRET);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(token.length).toBeLessThan(120);
    expect(readLinkToken(token, SECRET, now)).toEqual({ ok: true, claims });
  });

  it('expire at their time, to the second', () => {
    const token = signLinkToken(claims, SECRET);
    expect(readLinkToken(token, SECRET, claims.expiresAt.getTime()).ok).toBe(true);
    expect(readLinkToken(token, SECRET, claims.expiresAt.getTime() + 1000)).toMatchObject({ ok: false, reason: 'expired' });
  });

  it('refuse any change, another secret, and what is not a token', () => {
    const token = signLinkToken(claims, SECRET);
    const [payload, mac] = token.split('.') as [string, string];
    const forgedPayload = Buffer.from(JSON.stringify([1, 'dingtalk', 'dinge8a565xxxx', 'someone-else', 42, 1796400000])).toString('base64url');
    expect(readLinkToken(`${forgedPayload}.${mac}`, SECRET, now)).toEqual({ ok: false, reason: 'forged' });
    expect(readLinkToken(`${payload}.${mac.slice(1)}A`, SECRET, now)).toEqual({ ok: false, reason: 'forged' });
    expect(readLinkToken(token, 'another-secret-another-secret-xx', now)).toEqual({ ok: false, reason: 'forged' });
    expect(readLinkToken(`${token}.x`, SECRET, now)).toEqual({ ok: false, reason: 'malformed' });
    expect(readLinkToken('', SECRET, now)).toEqual({ ok: false, reason: 'malformed' });
    // Correctly signed but not a payload this version reads: still refused.
    const odd = signLinkToken({ ...claims, activityId: -1 }, SECRET);
    expect(readLinkToken(odd, SECRET, now)).toEqual({ ok: false, reason: 'malformed' });
  });
});

describe('the check-in page', () => {
  it('escapes what it shows', () => {
    const html = checkInPage({ heading: '签到成功', lines: ['<script>alert(1)</script>签到成功'], tone: 'success' });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;签到成功');
    expect(html).toContain('<meta name="viewport" content="width=device-width,initial-scale=1">');
  });
});
