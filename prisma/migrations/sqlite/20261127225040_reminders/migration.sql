-- CreateTable
CREATE TABLE "HolidayYear" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "year" INTEGER NOT NULL,
    "days" JSONB NOT NULL,
    "source" TEXT NOT NULL,
    "importedBy" TEXT,
    "importedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "PlannerCursor" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "branchId" INTEGER NOT NULL,
    "plannedThrough" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "HolidayYear_year_key" ON "HolidayYear"("year");

-- CreateIndex
CREATE UNIQUE INDEX "PlannerCursor_branchId_key" ON "PlannerCursor"("branchId");
