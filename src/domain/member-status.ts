import type { MemberStatus } from './vocabulary.js';

/** Chinese names of the development pipeline (GLOSSARY.md). */
export const MEMBER_STATUS_ZH: Record<MemberStatus, string> = {
  applicant: '入党申请人',
  activist: '入党积极分子',
  candidate: '发展对象',
  probationary: '预备党员',
  full: '正式党员',
};

const SHORT_ZH: Record<string, MemberStatus> = { 申请人: 'applicant', 积极分子: 'activist', 正式: 'full', 预备: 'probationary' };

/** The status named by its code or Chinese name. */
export function parseMemberStatus(text: string): MemberStatus | undefined {
  const wanted = text.trim().toLowerCase();
  for (const [status, zh] of Object.entries(MEMBER_STATUS_ZH) as [MemberStatus, string][]) {
    if (wanted === status || wanted === zh) return status;
  }
  return SHORT_ZH[wanted];
}

/** Party members proper, as opposed to people in the development pipeline. */
export function isPartyMember(status: MemberStatus): boolean {
  return status === 'full' || status === 'probationary';
}
