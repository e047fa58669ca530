-- AlterTable
ALTER TABLE "Activity" ADD COLUMN "theme" TEXT;
