import type { Button, OutgoingMessage } from '../../bot/types.js';
import { chartTextLines } from '../chart-text.js';
import { escapeMessage, plainText } from '../plain-text.js';

/** The robot's name as members see it; the README asks admins to name the robot so. */
export const BOT_NAME = '支部助手';

/** DingTalk refuses a msgParam over 15,000 bytes; keep a margin. */
const MAX_PARAM_BYTES = 14_000;
/** sampleActionCard takes one button, sampleActionCard2…5 two to five. */
const MAX_BUTTONS = 5;
const PREVIEW_CHARS = 30;

/** A message as DingTalk can show it: text, or markdown with up to five link buttons. */
export interface DingtalkDocument {
  /** Shown in the conversation list and notifications. */
  title: string;
  text: string;
  isMarkdown: boolean;
  buttons: { title: string; url: string }[];
}

export interface RenderOptions {
  /** Whether it goes to a group, where one link cannot serve everyone. */
  isGroup: boolean;
  /** Links minted for this recipient's action buttons (signed check-in links). */
  links?: ReadonlyMap<Button, string>;
}

/**
 * Renders a message for DingTalk. Buttons can only open links there (ActionCard), so a button
 * with a link (its own, or one minted for the recipient) becomes an ActionCard button, and an
 * action button without one becomes a line saying what to send instead. A table DingTalk's
 * markdown cannot show becomes rows of text, and loses rows, saying so, when too long.
 */
export function renderDingtalkMessage(message: OutgoingMessage, options: RenderOptions): DingtalkDocument {
  let rows = message.table?.rows.length ?? 0;
  for (;;) {
    const doc = documentWith(message, options, rows);
    if (paramBytes(doc) <= MAX_PARAM_BYTES) return doc;
    if (rows === 0) return truncated(doc);
    rows = Math.floor(rows / 2);
  }
}

/** The OpenAPI's `msgKey` and `msgParam` (a JSON string) for a document. */
export function toOpenApiMessage(doc: DingtalkDocument): { msgKey: string; msgParam: string } {
  const { title, text, buttons } = doc;
  if (!doc.isMarkdown) return { msgKey: 'sampleText', msgParam: JSON.stringify({ content: text }) };
  if (buttons.length === 0) return { msgKey: 'sampleMarkdown', msgParam: JSON.stringify({ title, text }) };
  const [only] = buttons;
  if (buttons.length === 1 && only) return { msgKey: 'sampleActionCard', msgParam: JSON.stringify({ title, text, singleTitle: only.title, singleURL: only.url }) };
  const numbered = Object.fromEntries(buttons.flatMap((b, i) => [[`actionTitle${i + 1}`, b.title], [`actionURL${i + 1}`, b.url]]));
  return { msgKey: `sampleActionCard${buttons.length}`, msgParam: JSON.stringify({ title, text, ...numbered }) };
}

/** The body for a conversation's `sessionWebhook` (the custom-robot message format). */
export function toSessionWebhookBody(doc: DingtalkDocument): Record<string, unknown> {
  const { title, text, buttons } = doc;
  if (!doc.isMarkdown) return { msgtype: 'text', text: { content: text } };
  if (buttons.length === 0) return { msgtype: 'markdown', markdown: { title, text } };
  const [only] = buttons;
  if (buttons.length === 1 && only) return { msgtype: 'actionCard', actionCard: { title, text, singleTitle: only.title, singleURL: only.url } };
  return { msgtype: 'actionCard', actionCard: { title, text, btnOrientation: '0', btns: buttons.map((b) => ({ title: b.title, actionURL: b.url })) } };
}

function documentWith(original: OutgoingMessage, options: RenderOptions, tableRows: number): DingtalkDocument {
  const linkOf = (button: Button) => button.url ?? options.links?.get(button);
  const isMarkdown = Boolean(original.title || original.table || original.sections?.length || original.chart || original.buttons?.some(linkOf));
  // Everything below is laid out from escaped text: names, titles and reasons people wrote
  // become neither markdown nor links (plain-text.ts).
  const format = isMarkdown ? 'markup' : 'plain';
  const message = escapeMessage(original, format);
  const buttons: DingtalkDocument['buttons'] = [];
  const hints: string[] = [];
  for (const button of original.buttons ?? []) {
    const url = linkOf(button);
    if (url && buttons.length < MAX_BUTTONS) buttons.push({ title: plainText(button.label, 'plain'), url });
    else if (button.action?.command) hints.push(replyHint(plainText(button.label, format), button.action.command, options.isGroup));
    else if (url) hints.push(`${plainText(button.label, format)}：${url}`);
  }
  const title = message.title ?? preview(message.lines[0]) ?? BOT_NAME;
  if (!isMarkdown) return { title, text: [...message.lines, ...hints].join('\n'), isMarkdown, buttons };

  const blocks: string[] = [];
  if (message.title) blocks.push(`### ${message.title}`);
  blocks.push(...message.lines);
  if (message.table) {
    const { headers, rows } = message.table;
    blocks.push([`**${headers.join(' ｜ ')}**`, ...rows.slice(0, tableRows).map((row) => `- ${headers.map((_, i) => row[i] ?? '').join(' ｜ ')}`)].join('\n'));
    if (tableRows < rows.length) blocks.push(`（共 ${rows.length} 行，消息只能显示前 ${tableRows} 行）`);
  }
  for (const section of message.sections ?? []) blocks.push(`#### ${section.title}`, ...section.lines);
  if (message.chart) {
    const [title, ...bars] = chartTextLines(message.chart);
    // Bars in a code-free block would lose their alignment to the proportional font; a quote keeps them together.
    blocks.push(`#### ${title ?? ''}`, bars.map((b) => `> ${b}`).join('\n\n'));
  }
  blocks.push(...hints);
  // DingTalk's markdown starts a new line only at a blank line.
  return { title, text: blocks.join('\n\n'), isMarkdown, buttons };
}

/** What to send instead of pressing a button DingTalk cannot call back. */
function replyHint(label: string, command: string, isGroup: boolean): string {
  return isGroup ? `${label}：请在群里发送「@${BOT_NAME} ${command}」` : `${label}：请回复「${command}」`;
}

function preview(line: string | undefined): string | undefined {
  if (!line) return undefined;
  return line.length > PREVIEW_CHARS ? `${line.slice(0, PREVIEW_CHARS)}…` : line;
}

function paramBytes(doc: DingtalkDocument): number {
  return Buffer.byteLength(toOpenApiMessage(doc).msgParam);
}

/** A document still too long without any table rows loses the end of its text. */
function truncated(doc: DingtalkDocument): DingtalkDocument {
  const note = '\n\n（内容过长，已截断）';
  let text = doc.text;
  while (text.length > 0 && paramBytes({ ...doc, text: text + note }) > MAX_PARAM_BYTES) text = text.slice(0, Math.floor(text.length * 0.8));
  return { ...doc, text: text + note };
}
