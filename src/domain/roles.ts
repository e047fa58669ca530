import type { Role } from './vocabulary.js';

/** Chinese names of the roles (GLOSSARY.md). */
export const ROLE_ZH: Record<Role, string> = {
  secretary: '书记',
  deputy_secretary: '副书记',
  organization_officer: '组织委员',
  propaganda_officer: '宣传委员',
  discipline_officer: '纪检委员',
  admin: '管理员',
};

const SHORT_ZH: Record<string, Role> = { 支部书记: 'secretary', 支部副书记: 'deputy_secretary', 组织: 'organization_officer', 宣传: 'propaganda_officer', 纪检: 'discipline_officer' };

/** The role named by its code or Chinese name. */
export function parseRole(text: string): Role | undefined {
  const wanted = text.trim().toLowerCase();
  for (const [role, zh] of Object.entries(ROLE_ZH) as [Role, string][]) {
    if (wanted === role || wanted === zh) return role;
  }
  return SHORT_ZH[wanted];
}

/** Roles held within one branch; the admin role is held over an organisation and its subtree. */
export function isBranchRole(role: Role): boolean {
  return role !== 'admin';
}
