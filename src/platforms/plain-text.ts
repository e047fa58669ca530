import { INVISIBLE } from '../bot/quote-input.js';
import type { OutgoingMessage } from '../bot/types.js';

/**
 * The one escaping step every renderer applies to the text of an OutgoingMessage (titles,
 * lines, table cells, section and chart text, button labels): the core writes plain text, and
 * part of it comes from people (names, titles, reasons, what they typed), so nothing in it may
 * become markup, a mention or a link on any platform.
 *
 * - `plain` (Feishu card plain_text, DingTalk text, the console): control characters and
 *   invisible direction or zero-width characters go; links are defanged.
 * - `markup` (DingTalk markdown, Feishu text messages, which read `[text](url)`, `<at …>`,
 *   `**bold**`): the same, and the characters that open markup become their full-width
 *   look-alikes, which no parser reads, whatever its dialect (DingTalk's markdown documents
 *   no escape character).
 *
 * Links the bot makes (signed check-in and download links) travel as button URLs, never in
 * text, so defanging text removes only links that people wrote.
 *
 * @example
 * plainText('[点我领取补贴](http://evil.example/x)', 'markup'); // '［点我领取补贴］(http：//evil．example/x)'
 */
export function plainText(text: string, format: 'plain' | 'markup'): string {
  const plain = defangLinks(text.replace(INVISIBLE, ''));
  return format === 'plain' ? plain : plain.split('\n').map(neutralizeMarkup).join('\n');
}


/** Top-level domains that chat clients turn into links without a scheme. */
const LINKED_TLDS = 'com|cn|net|org|gov|edu|mil|int|info|biz|io|co|cc|me|tv|top|xyz|vip|site|online|shop|store|club|ltd|wang|link|app|dev|ai|tech|fun|icu|live|pro|asia|hk|tw|mo|us|uk|ru|jp|example|test|local|localhost';
const HOST = new RegExp(`\\b(?:[a-z0-9-]+\\.)+(?:${LINKED_TLDS})\\b`, 'giu');
const IP_HOST = /\b\d{1,3}(?:\.\d{1,3}){3}\b/gu;

/** `http://a.com` -> `http：//a．com`: readable, but no client recognises it as a link. */
function defangLinks(text: string): string {
  return text
    .replace(/([a-z][a-z0-9+.-]*):\/\//giu, '$1：//')
    .replace(/\b(mailto|tel|sms|javascript|vbscript|data):/giu, '$1：')
    .replace(HOST, (host) => host.replaceAll('.', '．'))
    .replace(IP_HOST, (ip) => ip.replaceAll('.', '．'));
}

/** Without `[`, `]` and `<` no link, image or tag can open; `*`, `` ` `` and `~` would only style. */
const FULL_WIDTH: Record<string, string> = { '[': '［', ']': '］', '<': '＜', '>': '＞', '*': '＊', '`': '｀', '~': '～' };

/** Markup characters anywhere, and a heading mark at the start of a line. */
function neutralizeMarkup(line: string): string {
  return line.replace(/[[\]<>*`~]/gu, (ch) => FULL_WIDTH[ch] ?? ch).replace(/^(\s*)#/u, '$1＃');
}

/**
 * A message with every text a person may have written escaped for `format`, ready to lay out.
 * Buttons stay as they are (renderers look minted links up by the button object): their
 * labels go through plainText where each renderer uses them.
 */
export function escapeMessage(message: OutgoingMessage, format: 'plain' | 'markup'): OutgoingMessage {
  const text = (t: string) => plainText(t, format);
  const { title, lines, table, sections, chart, ...rest } = message;
  return {
    ...rest,
    ...(title === undefined ? {} : { title: text(title) }),
    lines: lines.map(text),
    ...(table ? { table: { headers: table.headers.map(text), rows: table.rows.map((row) => row.map(text)) } } : {}),
    ...(sections ? { sections: sections.map((s) => ({ title: text(s.title), lines: s.lines.map(text) })) } : {}),
    ...(chart ? { chart: { ...chart, title: text(chart.title), points: chart.points.map((p) => ({ ...p, label: text(p.label) })) } } : {}),
  };
}
