import { describe, expect, it } from 'vitest';
import { partyStanding, wholeYears } from '../../src/domain/party-standing.js';

const member = (over: Partial<Parameters<typeof partyStanding>[0]>) => ({ status: 'full' as const, joinedAt: null, probationStartedAt: null, convertedAt: null, ...over });

describe('party standing (党龄 from the end of probation)', () => {
  it('counts from the recorded conversion date', () => {
    expect(partyStanding(member({ joinedAt: '2015-06-28', convertedAt: '2016-07-10' }), '2026-07-09')).toEqual({ kind: 'full', since: '2016-07-10', years: 9, isEstimated: false });
    expect(partyStanding(member({ joinedAt: '2015-06-28', convertedAt: '2016-07-10' }), '2026-07-10')).toMatchObject({ years: 10 });
  });

  it('estimates conversion as admission plus one year when not recorded', () => {
    expect(partyStanding(member({ joinedAt: '2015-06-28' }), '2026-12-04')).toEqual({ kind: 'full', since: '2016-06-28', years: 10, isEstimated: true });
    expect(partyStanding(member({ joinedAt: '2016-02-29' }), '2026-12-04')).toMatchObject({ since: '2017-02-28' });
    expect(partyStanding(member({}), '2026-12-04')).toEqual({ kind: 'full', since: undefined, years: undefined, isEstimated: true });
  });

  it('gives a probationary member the end of probation, one year from its start', () => {
    expect(partyStanding(member({ status: 'probationary', joinedAt: '2026-03-12', probationStartedAt: '2026-03-12' }), '2026-12-04')).toEqual({ kind: 'probationary', probationEnds: '2027-03-12' });
    expect(partyStanding(member({ status: 'probationary', joinedAt: '2026-03-12' }), '2026-12-04')).toEqual({ kind: 'probationary', probationEnds: '2027-03-12' });
  });

  it('people in the pipeline have no standing; years are never negative', () => {
    expect(partyStanding(member({ status: 'activist' }), '2026-12-04')).toEqual({ kind: 'not_member' });
    expect(wholeYears('2027-01-01', '2026-12-04')).toBe(0);
  });
});
