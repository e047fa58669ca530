// The record vocabulary, stated once for the domain. These unions equal the enums of
// prisma/schema.prisma (test/unit/vocabulary.test.ts holds them together), so the domain
// speaks the records' language without importing Prisma.

export const ACTIVITY_KIND_CODES = [
  'party_day', 'branch_assembly', 'committee_meeting', 'group_meeting',
  'party_lecture', 'org_life_meeting', 'democratic_appraisal', 'volunteer_service',
] as const;
export type ActivityKind = (typeof ACTIVITY_KIND_CODES)[number];

export const MEMBER_STATUS_CODES = ['applicant', 'activist', 'candidate', 'probationary', 'full'] as const;
export type MemberStatus = (typeof MEMBER_STATUS_CODES)[number];

export const ROLE_CODES = [
  'secretary', 'deputy_secretary', 'organization_officer', 'propaganda_officer', 'discipline_officer', 'admin',
] as const;
export type Role = (typeof ROLE_CODES)[number];

export type ActivityStatus = 'scheduled' | 'cancelled';
export type CheckInStatus = 'present' | 'late' | 'leave';
export type LeaveDecision = 'pending' | 'approved' | 'rejected';
export type CheckInVia = 'text' | 'card' | 'link' | 'proxy';

export const DUES_CATEGORY_CODES = ['in_service', 'retired', 'student', 'unemployed', 'relief', 'farmer'] as const;
export type DuesCategory = (typeof DUES_CATEGORY_CODES)[number];

export const ORGANIZATION_KIND_CODES = ['working_committee', 'committee', 'general_branch', 'branch'] as const;
export type OrganizationKind = (typeof ORGANIZATION_KIND_CODES)[number];
