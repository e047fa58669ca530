import type { DuesCategory } from '../vocabulary.js';

/** Chinese names of the dues categories (中组发〔2008〕3号). */
export const DUES_CATEGORY_ZH: Record<DuesCategory, string> = {
  in_service: '在职',
  retired: '离退休',
  student: '学生',
  unemployed: '下岗失业',
  relief: '低保或困难',
  farmer: '农民',
};

const ALIASES: Record<string, DuesCategory> = {
  退休: 'retired', 离休: 'retired', 失业: 'unemployed', 低保: 'relief', 困难: 'relief',
};

/** The category named by its code or a Chinese name. */
export function parseDuesCategory(text: string): DuesCategory | undefined {
  const wanted = text.trim().toLowerCase();
  for (const [category, zh] of Object.entries(DUES_CATEGORY_ZH) as [DuesCategory, string][]) {
    if (wanted === category || wanted === zh) return category;
  }
  return ALIASES[wanted];
}
