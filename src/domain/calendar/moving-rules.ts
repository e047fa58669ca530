import { DUES_FOLLOW_UP_DAYS } from './dues-day.js';
import { MAX_SHIFT_DAYS } from './workday-shift.js';

/**
 * Every rule that moves a fixed day, in Chinese, for /help: the same rules README's "How
 * reminders are decided" states, taken from the constants the code applies.
 */
export function movingRulesZh(): string[] {
  return [
    `固定党日（shift）和党费日（dues_shift）遇周末或法定节假日：next_workday 顺延到下一个工作日（默认），previous_workday 提前到上一个工作日，none 不调整；最多移动 ${MAX_SHIFT_DAYS} 天，其间没有工作日则保留原日期并提示书记。调休上班的周末算工作日。`,
    `党费日后第 ${DUES_FOLLOW_UP_DAYS} 天再私信提醒仍未缴的党员；从调整后的党费日起算，这一天遇休息日也按 dues_shift 调整（例如 2026年10月3日逢国庆节，顺延到10月8日）。`,
    '尚未导入节假日安排的年份：周末照常视为休息日，暂按周一至周五为工作日调整，并提示书记和管理员；导入当年安排后，已安排的主题党日会按实际节假日和调休重新调整。',
  ];
}

/** When a member hears about dues, for their /help. */
export function duesRemindersZh(): string {
  return `每月党费日私信提醒应缴金额，党费日后第 ${DUES_FOLLOW_UP_DAYS} 天仍未缴的再提醒一次；这两天遇周末或节假日都会调整到工作日（按支部设置）。`;
}
