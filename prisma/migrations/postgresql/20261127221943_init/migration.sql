-- CreateEnum
CREATE TYPE "OrganizationKind" AS ENUM ('working_committee', 'committee', 'general_branch', 'branch');

-- CreateEnum
CREATE TYPE "MemberStatus" AS ENUM ('applicant', 'activist', 'candidate', 'probationary', 'full');

-- CreateEnum
CREATE TYPE "DuesCategory" AS ENUM ('in_service', 'retired', 'student', 'unemployed', 'farmer');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('secretary', 'deputy_secretary', 'organization_officer', 'propaganda_officer', 'discipline_officer', 'admin');

-- CreateEnum
CREATE TYPE "ActivityKind" AS ENUM ('party_day', 'branch_assembly', 'committee_meeting', 'group_meeting', 'party_lecture', 'org_life_meeting', 'democratic_appraisal', 'volunteer_service');

-- CreateEnum
CREATE TYPE "ActivityStatus" AS ENUM ('scheduled', 'cancelled');

-- CreateEnum
CREATE TYPE "CheckInStatus" AS ENUM ('present', 'late', 'leave');

-- CreateEnum
CREATE TYPE "LeaveDecision" AS ENUM ('pending', 'approved', 'rejected');

-- CreateEnum
CREATE TYPE "CheckInVia" AS ENUM ('text', 'card', 'link', 'proxy');

-- CreateEnum
CREATE TYPE "DuesStatus" AS ENUM ('unpaid', 'reported', 'confirmed');

-- CreateEnum
CREATE TYPE "NotificationStatus" AS ENUM ('pending', 'sending', 'sent', 'failed', 'skipped');

-- CreateEnum
CREATE TYPE "InboundStatus" AS ENUM ('processing', 'done');

-- CreateTable
CREATE TABLE "Organization" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "OrganizationKind" NOT NULL,
    "parentId" INTEGER,
    "settings" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Organization_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Member" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "branchId" INTEGER NOT NULL,
    "status" "MemberStatus" NOT NULL DEFAULT 'full',
    "joinedAt" TEXT,
    "probationStartedAt" TEXT,
    "convertedAt" TEXT,
    "duesCategory" "DuesCategory" NOT NULL DEFAULT 'in_service',
    "duesMonthlyFen" INTEGER,
    "duesYear" INTEGER,
    "exempt" BOOLEAN NOT NULL DEFAULT false,
    "leftAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Member_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Identity" (
    "id" SERIAL NOT NULL,
    "platform" TEXT NOT NULL,
    "tenant" TEXT NOT NULL,
    "platformUserId" TEXT NOT NULL,
    "displayName" TEXT,
    "memberId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Identity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChatBinding" (
    "id" SERIAL NOT NULL,
    "platform" TEXT NOT NULL,
    "tenant" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "branchId" INTEGER NOT NULL,
    "boundBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChatBinding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoleGrant" (
    "id" SERIAL NOT NULL,
    "memberId" INTEGER NOT NULL,
    "role" "Role" NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "grantedBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RoleGrant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Activity" (
    "id" SERIAL NOT NULL,
    "branchId" INTEGER NOT NULL,
    "kind" "ActivityKind" NOT NULL,
    "title" TEXT NOT NULL,
    "place" TEXT,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "checkInOpensAt" TIMESTAMP(3) NOT NULL,
    "checkInClosesAt" TIMESTAMP(3) NOT NULL,
    "lateAfter" TIMESTAMP(3) NOT NULL,
    "status" "ActivityStatus" NOT NULL DEFAULT 'scheduled',
    "occurrenceKey" TEXT,
    "createdBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Activity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CheckIn" (
    "id" SERIAL NOT NULL,
    "activityId" INTEGER NOT NULL,
    "memberId" INTEGER NOT NULL,
    "status" "CheckInStatus" NOT NULL,
    "via" "CheckInVia",
    "checkedInAt" TIMESTAMP(3),
    "leaveReason" TEXT,
    "leaveDecision" "LeaveDecision",
    "decidedById" INTEGER,
    "decidedAt" TIMESTAMP(3),
    "recordedBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CheckIn_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DuesRecord" (
    "id" SERIAL NOT NULL,
    "memberId" INTEGER NOT NULL,
    "month" TEXT NOT NULL,
    "amountDueFen" INTEGER NOT NULL,
    "amountPaidFen" INTEGER,
    "status" "DuesStatus" NOT NULL DEFAULT 'unpaid',
    "reportedAt" TIMESTAMP(3),
    "confirmedById" INTEGER,
    "confirmedAt" TIMESTAMP(3),
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DuesRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" SERIAL NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "branchId" INTEGER,
    "memberId" INTEGER,
    "platform" TEXT NOT NULL,
    "tenant" TEXT NOT NULL,
    "targetKind" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3),
    "status" "NotificationStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "claimedBy" TEXT,
    "claimedUntil" TIMESTAMP(3),
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InboundEvent" (
    "id" SERIAL NOT NULL,
    "platform" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "status" "InboundStatus" NOT NULL DEFAULT 'processing',
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "doneAt" TIMESTAMP(3),

    CONSTRAINT "InboundEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "actorMemberId" INTEGER,
    "action" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "entityId" TEXT,
    "organizationId" INTEGER,
    "detail" JSONB,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Organization_name_key" ON "Organization"("name");

-- CreateIndex
CREATE INDEX "Organization_parentId_idx" ON "Organization"("parentId");

-- CreateIndex
CREATE INDEX "Member_branchId_idx" ON "Member"("branchId");

-- CreateIndex
CREATE INDEX "Identity_memberId_idx" ON "Identity"("memberId");

-- CreateIndex
CREATE UNIQUE INDEX "Identity_platform_tenant_platformUserId_key" ON "Identity"("platform", "tenant", "platformUserId");

-- CreateIndex
CREATE INDEX "ChatBinding_branchId_idx" ON "ChatBinding"("branchId");

-- CreateIndex
CREATE UNIQUE INDEX "ChatBinding_platform_tenant_chatId_key" ON "ChatBinding"("platform", "tenant", "chatId");

-- CreateIndex
CREATE INDEX "RoleGrant_organizationId_idx" ON "RoleGrant"("organizationId");

-- CreateIndex
CREATE UNIQUE INDEX "RoleGrant_memberId_role_organizationId_key" ON "RoleGrant"("memberId", "role", "organizationId");

-- CreateIndex
CREATE INDEX "Activity_branchId_checkInOpensAt_idx" ON "Activity"("branchId", "checkInOpensAt");

-- CreateIndex
CREATE UNIQUE INDEX "Activity_branchId_occurrenceKey_key" ON "Activity"("branchId", "occurrenceKey");

-- CreateIndex
CREATE INDEX "CheckIn_activityId_idx" ON "CheckIn"("activityId");

-- CreateIndex
CREATE UNIQUE INDEX "CheckIn_memberId_activityId_key" ON "CheckIn"("memberId", "activityId");

-- CreateIndex
CREATE INDEX "DuesRecord_month_idx" ON "DuesRecord"("month");

-- CreateIndex
CREATE UNIQUE INDEX "DuesRecord_memberId_month_key" ON "DuesRecord"("memberId", "month");

-- CreateIndex
CREATE UNIQUE INDEX "Notification_idempotencyKey_key" ON "Notification"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Notification_status_dueAt_idx" ON "Notification"("status", "dueAt");

-- CreateIndex
CREATE INDEX "InboundEvent_receivedAt_idx" ON "InboundEvent"("receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "InboundEvent_platform_eventId_key" ON "InboundEvent"("platform", "eventId");

-- CreateIndex
CREATE INDEX "AuditLog_organizationId_at_idx" ON "AuditLog"("organizationId", "at");

-- AddForeignKey
ALTER TABLE "Organization" ADD CONSTRAINT "Organization_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Member" ADD CONSTRAINT "Member_branchId_fkey" FOREIGN KEY ("branchId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Identity" ADD CONSTRAINT "Identity_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChatBinding" ADD CONSTRAINT "ChatBinding_branchId_fkey" FOREIGN KEY ("branchId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoleGrant" ADD CONSTRAINT "RoleGrant_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoleGrant" ADD CONSTRAINT "RoleGrant_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Activity" ADD CONSTRAINT "Activity_branchId_fkey" FOREIGN KEY ("branchId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CheckIn" ADD CONSTRAINT "CheckIn_activityId_fkey" FOREIGN KEY ("activityId") REFERENCES "Activity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CheckIn" ADD CONSTRAINT "CheckIn_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CheckIn" ADD CONSTRAINT "CheckIn_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DuesRecord" ADD CONSTRAINT "DuesRecord_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DuesRecord" ADD CONSTRAINT "DuesRecord_confirmedById_fkey" FOREIGN KEY ("confirmedById") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_branchId_fkey" FOREIGN KEY ("branchId") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;
