import type { MessageChart, OutgoingMessage } from '../../bot/types.js';
import { escapeMessage, plainText } from '../plain-text.js';

/** Feishu's `msg_type` and `content` (a JSON string) for one message. */
export interface FeishuContent {
  msg_type: 'text' | 'interactive';
  content: string;
}

/** Cards larger than this are refused by Feishu (30 KB, error 230025); keep a margin. */
const MAX_CARD_BYTES = 28_000;

const TEMPLATE_BY_TONE = { success: 'green', info: 'red', warning: 'orange', error: 'carmine' } as const;

/**
 * Plain text for a message of lines only; an interactive card (JSON 2.0) otherwise. A text
 * message reads `[text](url)`, `<at user_id="all">` and styles, so its text is escaped as
 * markup; a card's text is all `plain_text` (plain-text.ts).
 */
export function renderFeishuMessage(message: OutgoingMessage): FeishuContent {
  const isPlain = !message.title && !message.buttons?.length && !message.table && !message.sections?.length && !message.chart;
  if (isPlain) return { msg_type: 'text', content: JSON.stringify({ text: escapeMessage(message, 'markup').lines.join('\n') }) };
  return { msg_type: 'interactive', content: JSON.stringify(renderCard(message)) };
}

/**
 * A card in JSON 2.0: a header, the lines as plain text, an optional table, and buttons
 * whose callback value is the button's action (it comes back in `card.action.trigger`).
 * A table too large for a card loses rows, and says so.
 */
export function renderCard(original: OutgoingMessage): Record<string, unknown> {
  const message = escapeMessage(original, 'plain');
  let rows = message.table?.rows.length ?? 0;
  for (;;) {
    const card = cardWith(message, rows);
    if (Buffer.byteLength(JSON.stringify(card)) <= MAX_CARD_BYTES || rows === 0) return card;
    rows = Math.floor(rows / 2);
  }
}

function cardWith(message: OutgoingMessage, tableRows: number): Record<string, unknown> {
  const elements: Record<string, unknown>[] = [];
  if (message.lines.length > 0) elements.push({ tag: 'div', text: { tag: 'plain_text', content: message.lines.join('\n') } });
  if (message.table) {
    const { headers, rows } = message.table;
    elements.push({
      tag: 'table',
      page_size: 10,
      columns: headers.map((name, i) => ({ name: `c${i}`, display_name: name, data_type: 'text' })),
      rows: rows.slice(0, tableRows).map((row) => Object.fromEntries(headers.map((_, i) => [`c${i}`, row[i] ?? '']))),
    });
    if (tableRows < rows.length) elements.push({ tag: 'div', text: { tag: 'plain_text', content: `（共 ${rows.length} 行，卡片只能显示前 ${tableRows} 行）` } });
  }
  for (const section of message.sections ?? []) {
    elements.push({ tag: 'div', text: { tag: 'plain_text', content: section.title, text_size: 'heading', text_color: 'grey' } });
    elements.push({ tag: 'div', text: { tag: 'plain_text', content: section.lines.join('\n') } });
  }
  if (message.chart) elements.push(chartElement(message.chart));
  for (const button of message.buttons ?? []) {
    elements.push({
      tag: 'button',
      text: { tag: 'plain_text', content: plainText(button.label, 'plain') },
      type: button.style === 'danger' ? 'danger' : button.style === 'primary' ? 'primary' : 'default',
      behaviors: button.url ? [{ type: 'open_url', default_url: button.url }] : [{ type: 'callback', value: button.action ?? {} }],
    });
  }
  return {
    schema: '2.0',
    config: { update_multi: true },
    header: { title: { tag: 'plain_text', content: message.title ?? '支部助手' }, template: TEMPLATE_BY_TONE[message.tone ?? 'info'] },
    body: { elements },
  };
}

/**
 * The card's chart component (JSON 2.0 `tag: 'chart'`): a VChart spec with the points as its
 * data. No JavaScript in the spec (Feishu refuses it), so the unit goes into the title.
 */
export function chartElement(chart: MessageChart): Record<string, unknown> {
  return {
    tag: 'chart',
    aspect_ratio: '16:9',
    chart_spec: {
      type: chart.kind,
      title: { text: chart.unit ? `${chart.title}（${chart.unit}）` : chart.title },
      data: { values: chart.points.map((p) => ({ label: p.label, value: p.value })) },
      xField: 'label',
      yField: 'value',
      ...(chart.unit === '%' ? { axes: [{ orient: 'left', min: 0, max: 100 }] } : {}),
      label: { visible: true },
    },
  };
}
