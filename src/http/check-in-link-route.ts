import { Router } from 'express';
import type { Db } from '../db/client.js';
import { checkInByLink, readCheckInLinkToken } from '../bot/check-in-link.js';

const INVALID = '这个签到链接无效。请在群里发送「签到」。';

export interface CheckInLinkDeps {
  db: Db;
  secret: string;
  defaultZone: string;
  clock?: () => Date;
}

/**
 * `/c/<token>`: the one-tap check-in link. Opening it (GET) shows a page that posts itself at
 * once, so a person checks in with one tap while a chat app's link preview, which fetches the
 * page but runs no script, changes nothing; the POST records the check-in.
 */
export function checkInLinkRoute(deps: CheckInLinkDeps): Router {
  const router = Router();
  const clock = deps.clock ?? (() => new Date());
  router.get('/c/:token', (req, res) => {
    const isValid = readCheckInLinkToken(deps.secret, req.params.token) !== undefined;
    res.status(isValid ? 200 : 404).type('html')
      .send(isValid ? page('正在签到…', '<form method="post"><button type="submit">确认签到</button></form><script>document.forms[0].submit()</script>') : page(INVALID));
  });
  router.post('/c/:token', async (req, res) => {
    const ref = readCheckInLinkToken(deps.secret, req.params.token);
    res.status(ref ? 200 : 404).type('html').send(page(ref ? await checkInByLink(deps.db, ref, clock(), deps.defaultZone) : INVALID));
  });
  return router;
}

function page(message: string, extra = ''): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>zhibu 签到</title></head><body><p>${escapeHtml(message)}</p>${extra}</body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
