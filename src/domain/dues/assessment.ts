import type { DuesCategory } from '../vocabulary.js';

/** To what a computed amount is rounded: 0.01, 0.1 or 1 yuan. */
export const ROUNDING_UNITS = ['fen', 'jiao', 'yuan'] as const;
export type RoundingUnit = (typeof ROUNDING_UNITS)[number];
export const ROUNDING_MODES = ['half_up', 'down', 'up'] as const;
export type RoundingMode = (typeof ROUNDING_MODES)[number];

export interface DuesRounding {
  unit: RoundingUnit;
  mode: RoundingMode;
}

/** Not fixed nationally (domain-rules.md): to the fen, half up, unless the branch sets otherwise. */
export const DEFAULT_ROUNDING: DuesRounding = { unit: 'fen', mode: 'half_up' };

/** The fixed monthly dues of students, the unemployed and relief (低保) recipients: 0.20 yuan. */
export const FIXED_MONTHLY_FEN = 20;
/** Farmers pay 0.20 to 1.00 yuan a month; an assessment gives the lowest, the secretary may set more. */
export const FARMER_RANGE_FEN = { min: 20, max: 100 } as const;
/** Monthly dues are generally at most 1000 yuan; more is 大额党费, handled apart. */
export const MAX_MONTHLY_FEN = 100_000;

/** Categories whose dues come from a base (salary or pension) rather than a fixed amount. */
export function needsBase(category: DuesCategory): category is 'in_service' | 'retired' {
  return category === 'in_service' || category === 'retired';
}

/**
 * The rate on the WHOLE base, in basis points (1/10000), by 中组发〔2008〕3号: in service
 * ≤3000 0.5%, ≤5000 1%, ≤10000 1.5%, above 2%; retired ≤5000 0.5%, above 1%.
 */
export function duesRateBasisPoints(category: 'in_service' | 'retired', baseFen: number): number {
  if (category === 'retired') return baseFen <= 500_000 ? 50 : 100;
  if (baseFen <= 300_000) return 50;
  if (baseFen <= 500_000) return 100;
  if (baseFen <= 1_000_000) return 150;
  return 200;
}

/**
 * A member's monthly dues in fen. For in-service and retired members `baseFen` is the monthly
 * after-tax fixed pay or the basic pension (never stored: only the result is); the others pay
 * a fixed amount and need no base.
 *
 * @example
 * assessMonthlyDues({ category: 'in_service', baseFen: 500_001 }) // 7500: 5000.01 × 1.5%
 */
export function assessMonthlyDues(input: { category: DuesCategory; baseFen?: number; rounding?: DuesRounding }): number {
  const { category, baseFen } = input;
  if (category === 'farmer') return FARMER_RANGE_FEN.min;
  if (!needsBase(category)) return FIXED_MONTHLY_FEN;
  if (baseFen === undefined || !Number.isSafeInteger(baseFen) || baseFen <= 0) throw new RangeError('a positive base in fen is needed');
  return roundTenThousandths(baseFen * duesRateBasisPoints(category, baseFen), input.rounding ?? DEFAULT_ROUNDING);
}

const UNIT_FEN: Record<RoundingUnit, number> = { fen: 1, jiao: 10, yuan: 100 };

/** `scaled` / 10000 fen, rounded to the unit by the mode, in integers only. */
function roundTenThousandths(scaled: number, rounding: DuesRounding): number {
  const divisor = UNIT_FEN[rounding.unit] * 10_000;
  const whole = Math.floor(scaled / divisor);
  const remainder = scaled - whole * divisor;
  const roundsUp = remainder > 0 && (rounding.mode === 'up' || (rounding.mode === 'half_up' && remainder * 2 >= divisor));
  return (whole + (roundsUp ? 1 : 0)) * UNIT_FEN[rounding.unit];
}
