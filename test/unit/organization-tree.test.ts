import { describe, expect, it } from 'vitest';
import { parseOrganizationKind, placementProblem } from '../../src/domain/organization-kinds.js';
import { termNoticeDue, termRow, termsDue, type RecordedTerm } from '../../src/domain/organization-terms.js';
import type { OrganizationKind } from '../../src/domain/vocabulary.js';

describe('which kind may hold which', () => {
  const kinds: OrganizationKind[] = ['working_committee', 'committee', 'general_branch', 'branch'];
  it.each([
    ['working_committee', ['committee', 'general_branch', 'branch']],
    ['committee', ['general_branch', 'branch']],
    ['general_branch', ['branch']],
    ['branch', []],
  ] as const)('a %s holds %j', (parent, held) => {
    expect(kinds.filter((k) => placementProblem(k, parent) === undefined)).toEqual(held);
  });

  it('anything may be at the top; a 工委 only there', () => {
    expect(kinds.map((k) => placementProblem(k, null))).toEqual([undefined, undefined, undefined, undefined]);
    expect(placementProblem('working_committee', 'working_committee')).toBe('工委是最上级组织，不能设在其他组织之下。');
  });

  it.each([['工委', 'working_committee'], ['党委', 'committee'], ['总支', 'general_branch'], ['党总支', 'general_branch'], ['支部', 'branch'], [' Committee ', 'committee'], ['乡镇', undefined]])('reads %s', (text, kind) => {
    expect(parseOrganizationKind(text)).toBe(kind);
  });
});

describe('terms by kind', () => {
  const term = (kind: OrganizationKind, startedOn: string | null, years: number | null = null): RecordedTerm => ({ name: kind, kind, parentName: null, startedOn, years });

  it('takes 5 years for a 党委 and 3 for a 总支 or 支部 unless set', () => {
    expect(termRow(term('committee', '2022-03-01'), '2027-01-10', 2027)).toMatchObject({ years: 5, endsOn: '2027-03-01', daysLeft: 50, state: 'this_year', isNear: true });
    expect(termRow(term('general_branch', '2024-03-01'), '2027-01-10', 2027)).toMatchObject({ years: 3, endsOn: '2027-03-01', state: 'this_year' });
    expect(termRow(term('branch', '2024-03-01', 4), '2027-01-10', 2027)).toMatchObject({ years: 4, endsOn: '2028-03-01', state: 'later', isNear: false });
  });

  it('a term begun on a leap day ends on 28 February', () => {
    expect(termRow(term('branch', '2024-02-29'), '2027-01-10', 2027).endsOn).toBe('2027-02-28');
  });

  it('lists overdue first, then this year by date, then unrecorded; later terms are left out', () => {
    const rows = termsDue([term('branch', null), term('committee', '2022-12-01'), term('general_branch', '2023-06-01'), term('branch', '2025-01-01'), term('committee', '2022-03-01')], '2027-01-10', 2027);
    expect(rows.map((r) => [r.kind, r.state, r.endsOn])).toEqual([
      ['general_branch', 'overdue', '2026-06-01'],
      ['committee', 'this_year', '2027-03-01'],
      ['committee', 'this_year', '2027-12-01'],
      ['branch', 'unrecorded', null],
    ]);
  });
});

describe('term notices', () => {
  it.each([
    ['2026-08-31', undefined],
    ['2026-09-01', { notice: '6m', on: '2026-09-01' }],
    ['2026-09-07', { notice: '6m', on: '2026-09-01' }],
    ['2026-09-08', undefined],
    ['2026-12-01', { notice: '3m', on: '2026-12-01' }],
    ['2027-02-01', { notice: '1m', on: '2027-02-01' }],
    ['2027-03-01', undefined],
    ['2027-03-02', { notice: 'overdue', on: '2027-03-02' }],
    ['2027-03-09', undefined],
  ] as const)('a term ending 2027-03-01, on %s: %j', (today, expected) => {
    expect(termNoticeDue('2027-03-01', today)).toEqual(expected);
  });
});
