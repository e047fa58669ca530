-- AlterTable
ALTER TABLE "InboundEvent" ADD COLUMN "claimedAt" DATETIME;

-- CreateTable
CREATE TABLE "HealthProbe" (
    "instance" TEXT NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "InboundEvent_status_claimedAt_idx" ON "InboundEvent"("status", "claimedAt");
