/** The reminders a branch can turn on or off (`/branch set remind_birthday=off`). */
export const REMINDER_GROUPS = ['party_day', 'dues', 'birthday', 'probation', 'term', 'digest', 'record'] as const;

export type ReminderGroup = (typeof REMINDER_GROUPS)[number];

export const REMINDER_GROUP_ZH: Record<ReminderGroup, string> = {
  party_day: '主题党日提醒',
  dues: '党费提醒',
  birthday: '政治生日祝福',
  probation: '预备期提醒',
  term: '换届提醒',
  digest: '每周工作汇总',
  record: '会议记录提醒',
};
