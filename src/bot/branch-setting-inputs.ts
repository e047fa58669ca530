import { ACTIVITY_KINDS } from '../domain/activity-kinds.js';
import type { BranchSettings, StoredBranchSettings } from '../domain/branch-settings.js';
import { ROUNDING_MODES, ROUNDING_UNITS, type RoundingMode, type RoundingUnit } from '../domain/dues/assessment.js';
import { duesTrackingStart } from '../domain/dues/tracking.js';
import { formatMonthZh, isYearMonth } from '../domain/calendar/calendar-dates.js';
import { termEndOf } from '../domain/calendar/committee-term.js';
import { CADENCE_KINDS, describeCadence, type Cadence, type CadenceKind } from '../domain/calendar/meeting-cadence.js';
import { describePartyDayRule, formatPartyDayRule, parsePartyDayRule } from '../domain/calendar/party-day-rule.js';
import { formatQuietHours, parseQuietHours } from '../domain/calendar/quiet-hours.js';
import { describeWeeklyTime, formatWeeklyTime, parseWeeklyTime } from '../domain/calendar/weekly-time.js';
import type { HolidayShift } from '../domain/calendar/workday-shift.js';
import { formatDateZh, isInWindow, isTimeZone, parseIsoDate, windowZh } from '../domain/dates.js';
import { REMINDER_GROUP_ZH, REMINDER_GROUPS, type ReminderGroup } from '../domain/reminders/reminder-groups.js';
import { quoteInput } from './quote-input.js';

/** A change to the stored settings, or what is wrong with the typed value (Chinese). */
type Reading = { patch: StoredBranchSettings } | { error: string };

interface SettingInput {
  aliases: string[];
  read(text: string, current: StoredBranchSettings): Reading;
}

const OFF = new Set(['off', 'none', '关', '关闭', '无', '不设', '取消']);
const ON = new Set(['on', '开', '开启', '打开']);

const SHIFTS: Record<string, HolidayShift> = {
  next_workday: 'next_workday', next: 'next_workday', 顺延: 'next_workday', 下一个工作日: 'next_workday',
  previous_workday: 'previous_workday', previous: 'previous_workday', 提前: 'previous_workday', 上一个工作日: 'previous_workday',
  none: 'none', 不调整: 'none', 不变: 'none',
};
const SHIFT_ZH: Record<HolidayShift, string> = { next_workday: '顺延到下一个工作日', previous_workday: '提前到上一个工作日', none: '不调整' };

const ROUNDING_ZH: Record<RoundingUnit, string> = { fen: '取到分', jiao: '取到角', yuan: '取到元' };
const ROUNDING_MODE_ZH: Record<RoundingMode, string> = { half_up: '四舍五入', down: '舍去', up: '进位' };

const CADENCES: Record<string, Cadence> = { month: 'month', 每月: 'month', quarter: 'quarter', 每季度: 'quarter', year: 'year', 每年: 'year', off: 'off', 不提示: 'off' };

function shiftInput(key: 'shift' | 'duesShift', label: string, aliases: string[]): SettingInput {
  return {
    aliases,
    read(text) {
      const shift = SHIFTS[text.trim().toLowerCase()];
      return shift ? { patch: { [key]: shift } } : { error: `${label}${quoteInput(text)}看不懂。可以写：next_workday（顺延）、previous_workday（提前）或 none（不调整）。` };
    },
  };
}

function remindInput(group: ReminderGroup, alias: string): SettingInput {
  return {
    aliases: [alias],
    read(text, current) {
      const word = text.trim().toLowerCase();
      const isOn = ON.has(word) || word === 'true' ? true : OFF.has(word) || word === 'false' ? false : undefined;
      if (isOn === undefined) return { error: `${REMINDER_GROUP_ZH[group]}只能设为 on（开）或 off（关），而不是「${text}」。` };
      return { patch: { reminders: { ...current.reminders, [group]: isOn } } };
    },
  };
}

/** Every setting `/branch set` accepts, by its key. Chinese keys are aliases. */
export const SETTING_INPUTS: Record<string, SettingInput> = {
  partyday: {
    aliases: ['党日', '固定党日'],
    read(text) {
      if (OFF.has(text.trim().toLowerCase())) return { patch: { partyDay: undefined } };
      const rule = parsePartyDayRule(text);
      return rule
        ? { patch: { partyDay: formatPartyDayRule(rule) } }
        : { error: `固定党日${quoteInput(text)}看不懂。可以写：first friday 15:00、last friday 15:00、day 15 09:00、每月第一个星期五 15:00、每月15日 09:00（含空格请加引号）。` };
    },
  },
  shift: shiftInput('shift', '固定党日遇节假日的调整方式', ['顺延']),
  duesday: {
    aliases: ['党费日'],
    read(text) {
      if (OFF.has(text.trim().toLowerCase())) return { patch: { duesDay: undefined } };
      const match = /^(\d{1,2})\s*[日号]?$/.exec(text.trim());
      const day = Number(match?.[1]);
      return match && day >= 1 && day <= 31 ? { patch: { duesDay: day } } : { error: `党费日应是每月 1 到 31 日中的一天，例如 duesday=5，而不是「${text}」。` };
    },
  },
  dues_shift: shiftInput('duesShift', '党费日遇休息日的调整方式', ['党费日顺延']),
  digest: {
    aliases: ['汇总时间'],
    read(text) {
      const when = parseWeeklyTime(text);
      return when ? { patch: { digest: formatWeeklyTime(when === 'off' ? null : when) } } : { error: `每周工作汇总的时间${quoteInput(text)}看不懂。请写星期和时间，例如 digest="mon 09:00" 或 digest="周一 09:00"；不要可写 off。` };
    },
  },
  quiet: {
    aliases: ['免打扰'],
    read(text) {
      const quiet = parseQuietHours(text);
      return quiet ? { patch: { quiet: formatQuietHours(quiet === 'off' ? null : quiet) } } : { error: `免打扰时段${quoteInput(text)}看不懂。请写开始和结束时间，例如 quiet=22:00-08:00；不设可写 off。` };
    },
  },
  term_started: {
    aliases: ['换届日期', '任期开始'],
    read(text) {
      if (OFF.has(text.trim().toLowerCase())) return { patch: { termStarted: undefined } };
      const date = parseIsoDate(text.trim());
      if (!date) return { error: `本届支委会任期开始日期「${text}」不是有效日期，请写成 YYYY-MM-DD，例如 term_started=2025-03-01。` };
      return isInWindow(date, 'schedule') ? { patch: { termStarted: date } } : { error: `本届支委会任期开始日期「${text.trim()}」不在可接受的范围内：${windowZh('schedule')}。` };
    },
  },
  term_years: {
    aliases: ['任期'],
    read(text) {
      const years = /^\d{1,2}$/.test(text.trim()) ? Number(text.trim()) : NaN;
      return years >= 1 && years <= 10 ? { patch: { termYears: years } } : { error: `任期应是 1 到 10 之间的整数年（机关党支部一般为 3 年），而不是「${text}」。` };
    },
  },
  timezone: {
    aliases: ['时区'],
    read(text) {
      return isTimeZone(text.trim()) ? { patch: { timezone: text.trim() } } : { error: `时区${quoteInput(text)}不认识，请写 IANA 名称，例如 Asia/Shanghai。` };
    },
  },
  dues_since: {
    aliases: ['党费起算'],
    read(text) {
      return isYearMonth(text.trim()) ? { patch: { duesTrackingSince: text.trim() } } : { error: `党费起算月份「${text}」应写成 YYYY-MM，例如 dues_since=2026-06。` };
    },
  },
  dues_rounding: {
    aliases: ['党费取整'],
    read(text) {
      const [unit = '', mode = 'half_up'] = text.trim().toLowerCase().split(/[:：]/);
      const isUnit = (ROUNDING_UNITS as readonly string[]).includes(unit);
      const isMode = (ROUNDING_MODES as readonly string[]).includes(mode);
      if (!isUnit || !isMode) return { error: `党费取整${quoteInput(text)}看不懂。写 fen（到分）、jiao（到角）或 yuan（到元），可加方式 :half_up（四舍五入）、:down（舍去）、:up（进位），例如 dues_rounding=jiao:half_up。` };
      return { patch: { duesRoundingUnit: unit as RoundingUnit, duesRoundingMode: mode as RoundingMode } };
    },
  },
  cadence: {
    aliases: ['三会一课'],
    read(text, current) {
      const cadence: Partial<Record<CadenceKind, Cadence>> = { ...current.cadence };
      for (const item of text.split(/[,，、\s]+/).filter(Boolean)) {
        const [word = '', every = ''] = item.split(/[:：]/);
        const kind = CADENCE_KINDS.find((k) => ACTIVITY_KINDS[k].word === word.toLowerCase() || ACTIVITY_KINDS[k].nameZh === word || k === word);
        const value = CADENCES[every.toLowerCase()];
        if (!kind || !value) {
          return { error: `三会一课提示${quoteInput(item)}看不懂。请写 会议:频率，例如 cadence=group:off,lecture:month；会议：${CADENCE_KINDS.map((k) => ACTIVITY_KINDS[k].word).join('、')}；频率：month、quarter、year、off。` };
        }
        cadence[kind] = value;
      }
      return { patch: { cadence } };
    },
  },
  remind_party_day: remindInput('party_day', '党日提醒'),
  remind_dues: remindInput('dues', '党费提醒'),
  remind_birthday: remindInput('birthday', '政治生日提醒'),
  remind_probation: remindInput('probation', '预备期提醒'),
  remind_term: remindInput('term', '换届提醒'),
  remind_digest: remindInput('digest', '工作汇总提醒'),
  remind_record: remindInput('record', '会议记录提醒'),
  badge: {
    aliases: ['徽章', '佩戴徽章'],
    read(text) {
      const word = text.trim().toLowerCase();
      const isOn = ON.has(word) || word === 'true' ? true : OFF.has(word) || word === 'false' ? false : undefined;
      if (isOn === undefined) return { error: `佩戴党员徽章提示只能设为 on（开）或 off（关），而不是「${text}」。` };
      return { patch: { badge: isOn } };
    },
  },
};

/**
 * The stored settings after applying every typed `key=value`, or all that is wrong with them
 * (nothing is applied then). Later keys see earlier ones' changes (two remind_ keys at once).
 */
export function applySettingInputs(stored: StoredBranchSettings, typed: Record<string, string>): { settings: StoredBranchSettings } | { errors: string[] } {
  let settings: StoredBranchSettings = { ...stored };
  const errors: string[] = [];
  for (const [key, text] of Object.entries(typed)) {
    const reading = SETTING_INPUTS[key]?.read(text, settings) ?? { error: `不认识设置${quoteInput(key)}。` };
    if ('error' in reading) errors.push(reading.error);
    else settings = { ...settings, ...reading.patch };
  }
  if (errors.length > 0) return { errors };
  return { settings: Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) };
}

/** The settings as a secretary reads them. */
export function describeSettings(settings: BranchSettings, branchCreatedAt: Date): string[] {
  const term = settings.termStarted
    ? `${formatDateZh(settings.termStarted)}起，任期 ${settings.termYears} 年，${formatDateZh(termEndOf(settings.termStarted, settings.termYears))}届满`
    : `未设置（任期 ${settings.termYears} 年）`;
  return [
    `固定党日：${settings.partyDay ? describePartyDayRule(settings.partyDay) : '未设置'}；遇节假日${SHIFT_ZH[settings.shift]}`,
    `党费日：${settings.duesDay === null ? '未设置' : `每月${settings.duesDay}日`}；遇休息日${SHIFT_ZH[settings.duesShift]}`,
    `每周工作汇总：${describeWeeklyTime(settings.digest)}`,
    `免打扰：${settings.quiet ? formatQuietHours(settings.quiet) : '不设'}`,
    `本届支委会：${term}`,
    `时区：${settings.timezone}`,
    `党费从${formatMonthZh(duesTrackingStart(settings, branchCreatedAt))}起记录；计算结果${ROUNDING_ZH[settings.duesRounding.unit]}（${ROUNDING_MODE_ZH[settings.duesRounding.mode]}）`,
    `提醒：${REMINDER_GROUPS.map((g) => `${REMINDER_GROUP_ZH[g]}${settings.reminders[g] ? '开' : '关'}`).join('、')}`,
    `三会一课提示：${CADENCE_KINDS.map((k) => `${ACTIVITY_KINDS[k].nameZh}${describeCadence(settings.cadence[k])}`).join('、')}`,
    `主题党日签到卡片和当天提醒：${settings.badge ? '提示佩戴党员徽章' : '不提示佩戴党员徽章'}`,
  ];
}
