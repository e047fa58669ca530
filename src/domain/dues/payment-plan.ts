import { MAX_MONTHLY_FEN, FIXED_MONTHLY_FEN } from './assessment.js';
import { formatYuan, splitFen } from './money.js';
import { addMonths, formatMonthsZh, formatMonthZh, monthRange, quarterEnd, type YearMonth } from './months.js';

/** Back payments reach at most this many months before the current one. */
export const MAX_BACK_MONTHS = 6;

export interface PaymentRequest {
  /** The total paid, in fen; without it, the fixed monthly amount for each month. */
  amountFen?: number;
  /** `month=`: the (first) month paid for. */
  firstMonth?: YearMonth;
  /** `month=a~b`: the last month paid for. */
  lastMonth?: YearMonth;
  /** `months=N`: how many months. */
  count?: number;
}

export interface PaymentSituation {
  currentMonth: YearMonth;
  /** Undefined for someone who owes no dues. */
  firstDueMonth: YearMonth | undefined;
  /** Months reported or confirmed already. */
  paidMonths: ReadonlySet<string>;
  /** Months the secretary confirmed: no longer the member's to change. */
  confirmedMonths: ReadonlySet<string>;
  /** The member's fixed monthly dues, if assessed. */
  monthlyFen: number | null;
}

export type PaymentPlan =
  | { ok: true; parts: { month: YearMonth; fen: number }[] }
  | { ok: false; reason: string };

/**
 * Which months a reported payment covers, and how much each. A payment covers the current
 * month, the month named, `months=N` months from the month named, or (`months=N` alone) the N
 * oldest unpaid months; back payments reach 6 months back and advance payments the end of
 * the current quarter (quarterly payment). The total is split evenly over the months; without
 * a total each month is paid at the fixed amount. The reasons for a refusal are in Chinese,
 * for the member or the secretary recording it for them.
 */
export function planPayment(request: PaymentRequest, situation: PaymentSituation): PaymentPlan {
  const { amountFen } = request;
  const { currentMonth, firstDueMonth, confirmedMonths, monthlyFen } = situation;
  if (!firstDueMonth) return refuse('只有正式党员和预备党员需要缴纳党费。');
  if (amountFen !== undefined && (!Number.isSafeInteger(amountFen) || amountFen <= 0)) return refuse('金额应大于 0。');
  if (amountFen === undefined && monthlyFen === null) return refuse('还没有核定每月党费金额，请写上缴纳的金额。');
  const earliest = maxMonth(addMonths(currentMonth, -MAX_BACK_MONTHS), firstDueMonth);
  const latest = quarterEnd(currentMonth);

  const months = chosenMonths(request, situation, earliest, latest);
  if (typeof months === 'string') return refuse(months);
  for (const month of months) {
    if (month > latest) return refuse(`${formatMonthZh(month)}还没到。预缴最多到本季度末（${formatMonthZh(latest)}）。`);
    if (month < firstDueMonth) return refuse(`${formatMonthZh(firstDueMonth)}起才需缴纳党费，${formatMonthZh(month)}不需要登记。`);
    if (month < earliest) return refuse(`补缴最多往前 ${MAX_BACK_MONTHS} 个月（最早${formatMonthZh(earliest)}）。更早的月份请联系支部书记。`);
    if (confirmedMonths.has(month)) return refuse(`${formatMonthZh(month)}的党费已由书记确认，无需再登记。如有出入请联系支部书记。`);
  }

  const fens = amountFen === undefined ? months.map(() => monthlyFen ?? 0) : splitFen(amountFen, months.length);
  const most = Math.max(...fens);
  const least = Math.min(...fens);
  if (most > MAX_MONTHLY_FEN) {
    return refuse(`每月超过 ${formatYuan(MAX_MONTHLY_FEN)} 元属于大额党费，不在这里登记。请联系支部书记按大额党费办理；若是按季度或补缴，请写上月数，例如 months=3。`);
  }
  if (least < FIXED_MONTHLY_FEN) return refuse(`金额太小：每月党费最少 ${formatYuan(FIXED_MONTHLY_FEN)} 元。`);
  return { ok: true, parts: months.map((month, i) => ({ month, fen: fens[i] ?? 0 })) };
}

function chosenMonths(request: PaymentRequest, situation: PaymentSituation, earliest: YearMonth, latest: YearMonth): YearMonth[] | string {
  const { firstMonth, lastMonth, count } = request;
  if (count !== undefined && (!Number.isInteger(count) || count < 1 || count > 12)) return '月数 months= 应是 1 到 12 之间的整数。';
  if (firstMonth && lastMonth) {
    if (lastMonth < firstMonth) return `月份范围${formatMonthZh(firstMonth)}到${formatMonthZh(lastMonth)}前后颠倒了。`;
    if (lastMonth > addMonths(firstMonth, 11)) return '一次最多登记 12 个月。';
    const range = monthRange(firstMonth, lastMonth);
    return count === undefined || count === range.length ? range : `月份范围是 ${range.length} 个月，与 months=${count} 不一致。`;
  }
  if (firstMonth) return monthRange(firstMonth, addMonths(firstMonth, (count ?? 1) - 1));
  if (count === undefined) return [situation.currentMonth];
  // months=N alone: the oldest unpaid months first, as a back payment or a quarter paid at once.
  const open = monthRange(earliest, latest).filter((m) => !situation.paidMonths.has(m));
  if (open.length < count) {
    return open.length === 0
      ? `${formatMonthsZh(monthRange(earliest, latest))}${earliest === latest ? '' : '都'}已登记，没有可登记的月份。`
      : `${formatMonthsZh(monthRange(earliest, latest))}只有 ${open.length} 个月未缴，不能登记 ${count} 个月。`;
  }
  return open.slice(0, count);
}

function refuse(reason: string): PaymentPlan {
  return { ok: false, reason };
}

function maxMonth(a: YearMonth, b: YearMonth): YearMonth {
  return a > b ? a : b;
}
