import { z } from 'zod';
import { parseActivityKind, activityKindList } from '../domain/activity-kinds.js';
import { isInWindow, parseIsoDate, parseTimeOfDay, windowZh, type DateWindow } from '../domain/dates.js';
import { parseYuan } from '../domain/dues/money.js';
import { parseMonth } from '../domain/dues/months.js';
import { parseMemberStatus, MEMBER_STATUS_ZH } from '../domain/member-status.js';
import type { Mention } from './types.js';
import { quoteInput } from './quote-input.js';

// Reusable argument schemas. Every message is Chinese: it is what the person reads.

export const mentionSchema: z.ZodType<Mention> = z.object({ userId: z.string(), name: z.string() });

/** A calendar date in YYYY-MM-DD form that exists and lies in `window`. */
export function isoDateArg(label: string, window: DateWindow) {
  return z.string().transform((text, ctx) => {
    const date = parseIsoDate(text.trim());
    if (!date) {
      ctx.addIssue({ code: 'custom', message: `${label}「${text}」不是有效日期，请写成 YYYY-MM-DD，例如 2026-12-04。` });
      return z.NEVER;
    }
    if (!isInWindow(date, window)) {
      ctx.addIssue({ code: 'custom', message: outOfWindow(label, text, window) });
      return z.NEVER;
    }
    return date;
  });
}

function outOfWindow(label: string, text: string, window: DateWindow): string {
  return `${label}「${text.trim()}」不在可接受的范围内：${windowZh(window)}。`;
}

/** A time of day in HH:mm form. */
export function timeArg(label: string) {
  return z.string().transform((text, ctx) => {
    const time = parseTimeOfDay(text.trim());
    if (!time) {
      ctx.addIssue({ code: 'custom', message: `${label}「${text}」不是有效时间，请写成 HH:mm，例如 15:00。` });
      return z.NEVER;
    }
    return time;
  });
}

export const activityKindArg = z.string({ error: `请写明活动类型 kind=…，可选：${activityKindList()}。` }).transform((text, ctx) => {
  const kind = parseActivityKind(text);
  if (!kind) {
    ctx.addIssue({ code: 'custom', message: `不认识活动类型${quoteInput(text)}。可选：${activityKindList()}。` });
    return z.NEVER;
  }
  return kind;
});

export const memberStatusArg = z.string().transform((text, ctx) => {
  const status = parseMemberStatus(text);
  if (!status) {
    const known = Object.entries(MEMBER_STATUS_ZH).map(([code, zh]) => `${code}（${zh}）`).join('、');
    ctx.addIssue({ code: 'custom', message: `不认识身份${quoteInput(text)}。可选：${known}。` });
    return z.NEVER;
  }
  return status;
});

/** Free text of bounded length, e.g. a title or a place. */
export function textArg(label: string, max: number) {
  return z
    .string()
    .transform((t) => t.trim())
    .pipe(z.string().min(1, `${label}不能为空。`).max(max, `${label}太长了（最多 ${max} 个字）。`));
}

/** A record id as typed: "12" or "#12". */
export function idArg(label: string) {
  return z.string().transform((text, ctx) => {
    const match = /^#?(\d{1,9})$/.exec(text.trim());
    if (!match) {
      ctx.addIssue({ code: 'custom', message: `${label}「${text}」应是一个编号，例如 12。` });
      return z.NEVER;
    }
    return Number(match[1]);
  });
}

/** A month in YYYY-MM form that exists. */
export function monthArg(label: string) {
  return z.string().transform((text, ctx) => {
    const month = parseMonth(text);
    if (!month) {
      ctx.addIssue({ code: 'custom', message: `${label}「${text}」不是有效月份，请写成 YYYY-MM，例如 2026-12。` });
      return z.NEVER;
    }
    if (!isInWindow(month, 'schedule')) {
      ctx.addIssue({ code: 'custom', message: outOfWindow(label, text, 'schedule') });
      return z.NEVER;
    }
    return month;
  });
}

/** One month, or a span "2026-10~2026-12" (also with 至 or ～). */
export const monthSpanArg = z.string().transform((text, ctx) => {
  const [first = '', last, ...extra] = text.split(/[~～至]/u);
  const from = parseMonth(first);
  const to = last === undefined ? from : parseMonth(last);
  if (!from || !to || extra.length > 0) {
    ctx.addIssue({ code: 'custom', message: `月份「${text}」不是有效月份，请写成 YYYY-MM，例如 month=2026-12，或 month=2026-10~2026-12。` });
    return z.NEVER;
  }
  if (!isInWindow(from, 'schedule') || !isInWindow(to, 'schedule')) {
    ctx.addIssue({ code: 'custom', message: outOfWindow('月份', text, 'schedule') });
    return z.NEVER;
  }
  return { first: from, last: to === from ? undefined : to };
});

/** An amount in yuan ("75", "75.00", "￥75", "75元"), as fen. */
export function yuanArg(label: string) {
  return z.string().transform((text, ctx) => {
    const fen = parseYuan(text);
    if (fen === undefined) {
      ctx.addIssue({ code: 'custom', message: `${label}「${text}」不是有效金额，请写成元，最多两位小数，例如 75 或 75.50。` });
      return z.NEVER;
    }
    return fen;
  });
}

/** A whole number of at most two digits: a count of months, a year offset. */
export function countArg(label: string) {
  return z.string().transform((text, ctx) => {
    if (!/^\d{1,2}$/.test(text.trim())) {
      ctx.addIssue({ code: 'custom', message: `${label}「${text}」应是一个整数，例如 3。` });
      return z.NEVER;
    }
    return Number(text);
  });
}

/** A calendar year, YYYY. */
export function yearArg(label: string) {
  return z.string().transform((text, ctx) => {
    if (!/^\d{4}$/.test(text.trim())) {
      ctx.addIssue({ code: 'custom', message: `${label}「${text}」应是四位年份，例如 2027。` });
      return z.NEVER;
    }
    if (!isInWindow(Number(text), 'schedule')) {
      ctx.addIssue({ code: 'custom', message: outOfWindow(label, text, 'schedule') });
      return z.NEVER;
    }
    return Number(text);
  });
}

/** "2026-12-04 15:00", "2026-12-04T15:00", or the date with the time as the next word. */
export const whenArg = z.object({ at: z.string({ error: `请写明时间 at=日期 时间，例如 at=2026-12-04 15:00。` }), time: z.string().optional() })
  .transform(({ at, time }, ctx) => {
    const [datePart = '', timePart = time ?? ''] = at.trim().split(/[ T]+/);
    const date = parseIsoDate(datePart);
    if (!date) {
      ctx.addIssue({ code: 'custom', message: `日期「${datePart}」不是有效日期，请写成 YYYY-MM-DD，例如 2026-12-04。` });
      return z.NEVER;
    }
    if (!isInWindow(date, 'schedule')) {
      ctx.addIssue({ code: 'custom', message: outOfWindow('日期', datePart, 'schedule') });
      return z.NEVER;
    }
    const clock = parseTimeOfDay(timePart);
    if (!clock) {
      ctx.addIssue({ code: 'custom', message: timePart ? `时间「${timePart}」不是有效时间，请写成 HH:mm，例如 15:00。` : '请在日期后写上开始时间，例如 at=2026-12-04 15:00。' });
      return z.NEVER;
    }
    return { date, clock };
  });
