import type { ActivityKind } from './vocabulary.js';

interface KindInfo {
  /** The short word used in commands: `/activity new kind=assembly`. */
  word: string;
  nameZh: string;
}

/** Activity kinds, their command words and their Chinese names (GLOSSARY.md). */
export const ACTIVITY_KINDS: Record<ActivityKind, KindInfo> = {
  party_day: { word: 'party_day', nameZh: '主题党日' },
  branch_assembly: { word: 'assembly', nameZh: '支部党员大会' },
  committee_meeting: { word: 'committee', nameZh: '支委会' },
  group_meeting: { word: 'group', nameZh: '党小组会' },
  party_lecture: { word: 'lecture', nameZh: '党课' },
  org_life_meeting: { word: 'org_life', nameZh: '组织生活会' },
  democratic_appraisal: { word: 'appraisal', nameZh: '民主评议' },
  volunteer_service: { word: 'volunteer', nameZh: '志愿服务' },
};

const ALIASES: Record<string, ActivityKind> = {
  支部委员会: 'committee_meeting',
  民主评议党员: 'democratic_appraisal',
  固定党日: 'party_day',
};

/** The kind named by a command word, its code or its Chinese name. */
export function parseActivityKind(text: string): ActivityKind | undefined {
  const wanted = text.trim().toLowerCase();
  for (const [kind, info] of Object.entries(ACTIVITY_KINDS) as [ActivityKind, KindInfo][]) {
    if (wanted === info.word || wanted === kind || wanted === info.nameZh) return kind;
  }
  return ALIASES[wanted];
}

/** "party_day 主题党日, assembly 支部党员大会, …" for help and error messages. */
export function activityKindList(): string {
  return Object.values(ACTIVITY_KINDS).map((k) => `${k.word} ${k.nameZh}`).join('，');
}
