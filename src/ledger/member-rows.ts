import { z } from 'zod';
import { isInWindow, parseIsoDate, windowZh } from '../domain/dates.js';
import { normalizeName } from '../domain/names.js';
import { formatYuan, parseYuan } from '../domain/dues/money.js';
import { MEMBER_STATUS_ZH, parseMemberStatus } from '../domain/member-status.js';
import type { MemberStatus } from '../domain/vocabulary.js';

/** One person of an imported roster, validated. */
export interface MemberRow {
  /** The row's number in the file (the header is row 1), for messages. */
  line: number;
  name: string;
  feishuId?: string | undefined;
  dingtalkId?: string | undefined;
  mobile?: string | undefined;
  status: MemberStatus;
  joinedAt: string | null;
  probationStartedAt: string | null;
  duesMonthlyFen: number | null;
}

type Field = 'name' | 'feishuId' | 'dingtalkId' | 'mobile' | 'status' | 'joinedAt' | 'probationStartedAt' | 'dues';

/** Header names a column may have, Chinese or English, compared without spaces and case. */
const HEADERS: Record<Field, string[]> = {
  name: ['姓名', 'name'],
  feishuId: ['飞书id', '飞书openid', '飞书账号', 'feishu', 'feishuid', 'open_id'],
  dingtalkId: ['钉钉id', '钉钉userid', '钉钉账号', 'dingtalk', 'dingtalkid', 'staffid'],
  mobile: ['手机号', '手机', '手机号码', 'mobile', 'phone'],
  status: ['状态', '身份', '政治面貌', 'status'],
  joinedAt: ['入党日期', '入党时间', 'joined', 'joinedat'],
  probationStartedAt: ['预备期开始', '预备期开始日期', 'probation', 'probationstart'],
  dues: ['月党费', '月党费（元）', '月党费(元)', '每月党费', 'dues', 'monthlydues'],
};

const LABELS: Record<Field, string> = {
  name: '姓名', feishuId: '飞书ID', dingtalkId: '钉钉ID', mobile: '手机号', status: '状态', joinedAt: '入党日期', probationStartedAt: '预备期开始', dues: '月党费',
};

const MIN_DUES_FEN = 20;
const MAX_DUES_FEN = 100_000;

/** A date cell: empty, or a real date not after today. */
const dateCell = (field: Field, today: string) => z.string().transform((text, ctx) => {
  if (text === '') return null;
  const date = parseIsoDate(text.replace(/[/.]/g, '-'));
  if (!date) {
    ctx.addIssue({ code: 'custom', message: `${LABELS[field]} ${text} 不是有效日期（应写成 YYYY-MM-DD）` });
    return z.NEVER;
  }
  if (date > today) {
    ctx.addIssue({ code: 'custom', message: `${LABELS[field]} ${date} 在今天之后` });
    return z.NEVER;
  }
  if (!isInWindow(date, 'joined')) {
    ctx.addIssue({ code: 'custom', message: `${LABELS[field]} ${date} 不在可接受的范围内：${windowZh('joined')}` });
    return z.NEVER;
  }
  return date;
});

const optionalText = (field: Field, max: number) => z.string().max(max, `${LABELS[field]}太长（最多 ${max} 个字符）`).transform((t) => t || undefined);

function rowSchema(today: string) {
  return z.object({
    name: z.string().transform(normalizeName).pipe(z.string().min(1, '姓名不能为空').max(30, '姓名太长（最多 30 个字）')),
    feishuId: optionalText('feishuId', 64),
    dingtalkId: optionalText('dingtalkId', 64),
    mobile: z.string().transform((text, ctx) => {
      if (text === '') return undefined;
      const digits = text.replace(/[\s-]/g, '').replace(/^\+?86/, '');
      if (!/^1\d{10}$/.test(digits)) {
        ctx.addIssue({ code: 'custom', message: `手机号 ${text} 不是 11 位手机号` });
        return z.NEVER;
      }
      return digits;
    }),
    status: z.string().transform((text, ctx) => {
      if (text === '') return 'full' as const;
      const status = parseMemberStatus(text);
      if (!status) {
        ctx.addIssue({ code: 'custom', message: `状态「${text}」不认识（可写：${Object.values(MEMBER_STATUS_ZH).join('、')}）` });
        return z.NEVER;
      }
      return status;
    }),
    joinedAt: dateCell('joinedAt', today),
    probationStartedAt: dateCell('probationStartedAt', today),
    dues: z.string().transform((text, ctx) => {
      if (text === '') return null;
      const fen = parseYuan(text);
      if (fen === undefined || fen < MIN_DUES_FEN || fen > MAX_DUES_FEN) {
        ctx.addIssue({ code: 'custom', message: `月党费 ${text} 不是 ${formatYuan(MIN_DUES_FEN)} 到 ${formatYuan(MAX_DUES_FEN)} 元之间的金额` });
        return z.NEVER;
      }
      return fen;
    }),
  }).superRefine((row, ctx) => {
    if (row.probationStartedAt && row.joinedAt && row.probationStartedAt < row.joinedAt) {
      ctx.addIssue({ code: 'custom', message: `预备期开始 ${row.probationStartedAt} 早于入党日期 ${row.joinedAt}` });
    }
  });
}

export type MemberRowsReading = { ok: true; rows: MemberRow[] } | { ok: false; errors: string[] };

/**
 * Reads an imported roster: a header row naming the columns (Chinese or English), then one
 * person a row. Every row is checked, and every problem is reported with its row number
 * ("第 3 行：入党日期 2026-02-30 不是有效日期"), so the secretary can fix the file in one go.
 */
export function readMemberRows(table: string[][], today: string): MemberRowsReading {
  const [header = [], ...body] = table;
  const columns = new Map<Field, number>();
  header.forEach((cell, index) => {
    const wanted = cell.replace(/\s/g, '').toLowerCase();
    const field = (Object.keys(HEADERS) as Field[]).find((f) => HEADERS[f].includes(wanted));
    if (field && !columns.has(field)) columns.set(field, index);
  });
  if (!columns.has('name')) return { ok: false, errors: ['第 1 行应是表头，至少要有「姓名」一列（可有：飞书ID、钉钉ID、手机号、状态、入党日期、预备期开始、月党费）。'] };

  const schema = rowSchema(today);
  const rows: MemberRow[] = [];
  const errors: string[] = [];
  const seen = new Map<string, number>();
  body.forEach((cells, index) => {
    const line = index + 2;
    if (cells.every((c) => c === '')) return;
    const cell = (field: Field) => {
      const column = columns.get(field);
      return column === undefined ? '' : (cells[column] ?? '');
    };
    const parsed = schema.safeParse({
      name: cell('name'), feishuId: cell('feishuId'), dingtalkId: cell('dingtalkId'), mobile: cell('mobile'), status: cell('status'),
      joinedAt: cell('joinedAt'), probationStartedAt: cell('probationStartedAt'), dues: cell('dues'),
    });
    if (!parsed.success) {
      errors.push(`第 ${line} 行：${parsed.error.issues.map((i) => i.message).join('；')}`);
      return;
    }
    const row = parsed.data;
    for (const key of [`姓名 ${row.name}`, row.feishuId && `飞书ID ${row.feishuId}`, row.dingtalkId && `钉钉ID ${row.dingtalkId}`]) {
      if (!key) continue;
      const earlier = seen.get(key);
      if (earlier !== undefined) errors.push(`第 ${line} 行：${key} 与第 ${earlier} 行重复`);
      else seen.set(key, line);
    }
    rows.push({
      line, name: row.name, feishuId: row.feishuId, dingtalkId: row.dingtalkId, mobile: row.mobile, status: row.status, joinedAt: row.joinedAt,
      probationStartedAt: row.probationStartedAt ?? (row.status === 'probationary' ? row.joinedAt : null), duesMonthlyFen: row.dues,
    });
  });
  if (errors.length > 0) return { ok: false, errors };
  if (rows.length === 0) return { ok: false, errors: ['文件里除了表头没有人员。'] };
  return { ok: true, rows };
}
