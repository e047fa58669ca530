import { createHash } from 'node:crypto';
import type { Response } from 'express';

export interface PageContent {
  heading: string;
  /** The answer, one paragraph per line. */
  lines: string[];
  tone: 'success' | 'info' | 'warning' | 'error';
}

const STYLE = [
  'body{margin:0;font:16px/1.6 -apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#f5f5f5;color:#222}',
  'main{max-width:28rem;margin:3rem auto;padding:2rem 1.5rem;background:#fff;border-radius:12px;text-align:center;box-shadow:0 1px 4px rgba(0,0,0,.08)}',
  '.mark{font-size:3rem;line-height:1}',
  '.success .mark{color:#1a7f37}.info .mark{color:#0b63ce}.warning .mark{color:#b45309}.error .mark{color:#b91c1c}',
  'h1{font-size:1.4rem;margin:.75rem 0}p{margin:.5rem 0}.hint{color:#777;font-size:.875rem;margin-top:1.5rem}',
].join('');

const MARKS = { success: '✓', info: 'i', warning: '!', error: '×' } as const;

/** Submits the confirmation form as soon as the page opens: one tap for a person, nothing for a link preview. */
const SUBMIT = 'document.forms[0].submit()';

/**
 * Strict by default: nothing loads but the one inline style (allowed by its hash), no
 * framing, no referrer (the link is a credential until it expires), no caching.
 */
const SECURITY_HEADERS = {
  'content-security-policy': `default-src 'none'; style-src ${hashOf(STYLE)}; script-src ${hashOf(SUBMIT)}; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/** Answers with a small Chinese page for phones: no scripts, no external assets. */
export function sendCheckInPage(res: Response, status: number, content: PageContent): void {
  res.status(status).set(SECURITY_HEADERS).type('html').send(checkInPage(content));
}

/**
 * The page a link opens (GET): it checks nobody in by itself, so a chat app that fetches the
 * link for a preview changes nothing; it posts itself at once in a browser, and shows a
 * button where scripts do not run.
 */
export function sendConfirmPage(res: Response): void {
  const page = checkInPage({ heading: '正在签到…', lines: [], tone: 'info' })
    .replace('<p class="hint">', `<form method="post"><button type="submit">确认签到</button></form><script>${SUBMIT}</script><p class="hint">`);
  res.status(200).set(SECURITY_HEADERS).type('html').send(page);
}

/** Only the headers (a HEAD request, which must not check anyone in). */
export function sendCheckInHeaders(res: Response): void {
  res.status(200).set(SECURITY_HEADERS).type('html').end();
}

export function checkInPage(content: PageContent): string {
  const paragraphs = content.lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(content.heading)} · 支部助手</title><style>${STYLE}</style></head>`
    + `<body><main class="${content.tone}"><div class="mark">${MARKS[content.tone]}</div><h1>${escapeHtml(content.heading)}</h1>${paragraphs}<p class="hint">支部助手 · 可以关闭此页面</p></main></body></html>`;
}

function hashOf(inline: string): string {
  return `'sha256-${createHash('sha256').update(inline).digest('base64')}'`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
