-- AlterEnum
ALTER TYPE "InboundStatus" ADD VALUE 'failed';

-- AlterTable
ALTER TABLE "InboundEvent" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 1;
