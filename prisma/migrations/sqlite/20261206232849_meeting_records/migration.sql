-- CreateTable
CREATE TABLE "MeetingRecord" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "activityId" INTEGER NOT NULL,
    "topic" TEXT,
    "hostMemberId" INTEGER,
    "recorderMemberId" INTEGER,
    "content" TEXT NOT NULL DEFAULT '',
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "editedBy" TEXT,
    "editedAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "MeetingRecord_activityId_fkey" FOREIGN KEY ("activityId") REFERENCES "Activity" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "MeetingRecord_hostMemberId_fkey" FOREIGN KEY ("hostMemberId") REFERENCES "Member" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "MeetingRecord_recorderMemberId_fkey" FOREIGN KEY ("recorderMemberId") REFERENCES "Member" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MeetingRecordRevision" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "recordId" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "topic" TEXT,
    "hostMemberId" INTEGER,
    "recorderMemberId" INTEGER,
    "content" TEXT NOT NULL,
    "savedBy" TEXT NOT NULL,
    "savedAt" DATETIME NOT NULL,
    CONSTRAINT "MeetingRecordRevision_recordId_fkey" FOREIGN KEY ("recordId") REFERENCES "MeetingRecord" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "MeetingRecord_activityId_key" ON "MeetingRecord"("activityId");

-- CreateIndex
CREATE UNIQUE INDEX "MeetingRecordRevision_recordId_version_key" ON "MeetingRecordRevision"("recordId", "version");
