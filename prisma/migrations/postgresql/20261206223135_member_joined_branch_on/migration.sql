-- AlterTable
ALTER TABLE "Member" ADD COLUMN     "joinedBranchOn" TEXT;
