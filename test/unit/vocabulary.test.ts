import { describe, expect, it } from 'vitest';
import * as enums from '../../src/db/generated/sqlite/enums.js';
import * as pgEnums from '../../src/db/generated/postgresql/enums.js';
import { ACTIVITY_KIND_CODES, DUES_CATEGORY_CODES, MEMBER_STATUS_CODES, ORGANIZATION_KIND_CODES, ROLE_CODES } from '../../src/domain/vocabulary.js';
import { ACTIVITY_KINDS } from '../../src/domain/activity-kinds.js';
import { MEMBER_STATUS_ZH } from '../../src/domain/member-status.js';
import { DUES_CATEGORY_ZH } from '../../src/domain/dues/categories.js';

describe('the domain vocabulary equals the schema enums', () => {
  it.each([
    ['ActivityKind', ACTIVITY_KIND_CODES, enums.ActivityKind, pgEnums.ActivityKind],
    ['MemberStatus', MEMBER_STATUS_CODES, enums.MemberStatus, pgEnums.MemberStatus],
    ['Role', ROLE_CODES, enums.Role, pgEnums.Role],
    ['OrganizationKind', ORGANIZATION_KIND_CODES, enums.OrganizationKind, pgEnums.OrganizationKind],
    ['DuesCategory', DUES_CATEGORY_CODES, enums.DuesCategory, pgEnums.DuesCategory],
  ])('%s', (_name, codes, sqlite, postgres) => {
    expect([...codes].sort()).toEqual(Object.values(sqlite).sort());
    expect(Object.values(postgres).sort()).toEqual(Object.values(sqlite).sort());
  });

  it('every kind and status has a Chinese name', () => {
    expect(Object.keys(ACTIVITY_KINDS).sort()).toEqual([...ACTIVITY_KIND_CODES].sort());
    expect(Object.keys(MEMBER_STATUS_ZH).sort()).toEqual([...MEMBER_STATUS_CODES].sort());
    expect(Object.keys(DUES_CATEGORY_ZH).sort()).toEqual([...DUES_CATEGORY_CODES].sort());
  });
});
