import { DIGEST_NAME } from '../digest/digest-title.js';
import type { NotificationKind } from './planned-notification.js';

const KIND_ZH: Record<NotificationKind, string> = {
  party_day_eve: '主题党日前一天通知',
  party_day_morning: '主题党日当天通知',
  party_day_nudge: '签到提醒',
  party_day_scheduled: '主题党日安排提示',
  dues_day: '党费日通知',
  dues_reminder: '党费缴纳提醒',
  dues_follow_up: '党费再次提醒',
  dues_arrears: '党费缴纳情况',
  birthday_greeting: '政治生日祝福',
  birthday_today: '今日政治生日',
  birthday_month: '本月政治生日',
  probation_member: '预备期提醒',
  probation_officer: '预备党员转正提醒',
  term_election: '换届提醒',
  org_term: '换届提醒（组织）',
  digest: `${DIGEST_NAME}（每周）`,
  party_day_digest: `${DIGEST_NAME}（主题党日后）`,
  delivery_failed: '发送失败提示',
  record_missing: '会议记录提醒',
  tree_scoreboard: '下辖支部月度工作一览',
};

/** The Chinese name of a notification kind, for secretaries and previews. */
export function describeKind(kind: string): string {
  return KIND_ZH[kind as NotificationKind] ?? kind;
}
