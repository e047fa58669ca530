-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "dissolvedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "OrganizationName" (
    "id" SERIAL NOT NULL,
    "organizationId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "usedUntil" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OrganizationName_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OrganizationName_organizationId_usedUntil_idx" ON "OrganizationName"("organizationId", "usedUntil");

-- AddForeignKey
ALTER TABLE "OrganizationName" ADD CONSTRAINT "OrganizationName_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
