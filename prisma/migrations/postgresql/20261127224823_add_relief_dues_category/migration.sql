-- AlterEnum
ALTER TYPE "DuesCategory" ADD VALUE 'relief';
