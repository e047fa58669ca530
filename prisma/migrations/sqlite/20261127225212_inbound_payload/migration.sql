-- AlterTable
ALTER TABLE "InboundEvent" ADD COLUMN "payload" JSONB;
