import { describe, expect, it } from 'vitest';
import { isBranchRole, parseRole, ROLE_ZH } from '../../src/domain/roles.js';
import { ROLE_CODES } from '../../src/domain/vocabulary.js';

describe('roles', () => {
  it('every role has a Chinese name', () => {
    expect(Object.keys(ROLE_ZH).sort()).toEqual([...ROLE_CODES].sort());
  });

  it.each([
    ['secretary', 'secretary'], ['书记', 'secretary'], ['支部书记', 'secretary'], [' Organization_Officer ', 'organization_officer'],
    ['组织委员', 'organization_officer'], ['副书记', 'deputy_secretary'], ['纪检委员', 'discipline_officer'], ['管理员', 'admin'], ['admin', 'admin'],
  ])('reads %s', (text, role) => {
    expect(parseRole(text)).toBe(role);
  });

  it.each(['boss', '', '委员', 'secretary2'])('does not guess "%s"', (text) => {
    expect(parseRole(text)).toBeUndefined();
  });

  it('branch posts are every role but admin', () => {
    expect(ROLE_CODES.filter(isBranchRole)).toEqual(['secretary', 'deputy_secretary', 'organization_officer', 'propaganda_officer', 'discipline_officer']);
  });
});
