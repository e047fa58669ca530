-- CreateTable
CREATE TABLE "HolidayYear" (
    "id" SERIAL NOT NULL,
    "year" INTEGER NOT NULL,
    "days" JSONB NOT NULL,
    "source" TEXT NOT NULL,
    "importedBy" TEXT,
    "importedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "HolidayYear_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlannerCursor" (
    "id" SERIAL NOT NULL,
    "branchId" INTEGER NOT NULL,
    "plannedThrough" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PlannerCursor_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "HolidayYear_year_key" ON "HolidayYear"("year");

-- CreateIndex
CREATE UNIQUE INDEX "PlannerCursor_branchId_key" ON "PlannerCursor"("branchId");
