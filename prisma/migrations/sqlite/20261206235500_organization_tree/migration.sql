-- AlterTable
ALTER TABLE "Organization" ADD COLUMN "dissolvedAt" DATETIME;

-- CreateTable
CREATE TABLE "OrganizationName" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "organizationId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "usedUntil" DATETIME NOT NULL,
    CONSTRAINT "OrganizationName_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "OrganizationName_organizationId_usedUntil_idx" ON "OrganizationName"("organizationId", "usedUntil");
