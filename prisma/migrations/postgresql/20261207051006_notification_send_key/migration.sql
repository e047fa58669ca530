-- AlterTable
ALTER TABLE "Notification" ADD COLUMN     "sendKey" TEXT;
