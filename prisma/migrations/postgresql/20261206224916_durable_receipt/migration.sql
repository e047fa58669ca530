-- AlterEnum
ALTER TYPE "InboundStatus" ADD VALUE 'received';

-- AlterTable
ALTER TABLE "InboundEvent" ADD COLUMN     "claimedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "HealthProbe" (
    "instance" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "HealthProbe_pkey" PRIMARY KEY ("instance")
);

-- CreateIndex
CREATE INDEX "InboundEvent_status_claimedAt_idx" ON "InboundEvent"("status", "claimedAt");
