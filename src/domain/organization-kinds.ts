import type { OrganizationKind } from './vocabulary.js';

/** How the bot names each kind, and the words people may type for it. */
export const ORGANIZATION_KIND_ZH: Record<OrganizationKind, string> = {
  working_committee: '工委',
  committee: '党委',
  general_branch: '党总支',
  branch: '党支部',
};

const KIND_WORDS: Record<string, OrganizationKind> = {
  working_committee: 'working_committee', 工委: 'working_committee', 机关工委: 'working_committee',
  committee: 'committee', 党委: 'committee', 机关党委: 'committee',
  general_branch: 'general_branch', 总支: 'general_branch', 党总支: 'general_branch',
  branch: 'branch', 支部: 'branch', 党支部: 'branch',
};

/**
 * Which kinds may hold which: 工委 guides 党委, 总支 and 支部; a 党委 holds 总支 and 支部; a 总支
 * holds 支部; a 支部 is a leaf. A 工委 is always a root.
 */
const MAY_HOLD: Record<OrganizationKind, readonly OrganizationKind[]> = {
  working_committee: ['committee', 'general_branch', 'branch'],
  committee: ['general_branch', 'branch'],
  general_branch: ['branch'],
  branch: [],
};

export function parseOrganizationKind(text: string): OrganizationKind | undefined {
  return KIND_WORDS[text.trim().toLowerCase()];
}

export function organizationKindList(): string {
  return Object.entries(ORGANIZATION_KIND_ZH).map(([code, zh]) => `${code} ${zh}`).join('、');
}

/** Why `kind` may not sit under `parentKind` (null: at the top), in Chinese; undefined when it may. */
export function placementProblem(kind: OrganizationKind, parentKind: OrganizationKind | null): string | undefined {
  if (parentKind === null) return undefined;
  if (kind === 'working_committee') return '工委是最上级组织，不能设在其他组织之下。';
  if (MAY_HOLD[parentKind].includes(kind)) return undefined;
  if (parentKind === 'branch') return '党支部下面不能再设组织。';
  const allowed = MAY_HOLD[parentKind].map((k) => ORGANIZATION_KIND_ZH[k]).join('、');
  return `${ORGANIZATION_KIND_ZH[parentKind]}下面只能设${allowed}，不能设${ORGANIZATION_KIND_ZH[kind]}。`;
}
