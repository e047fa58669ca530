-- CreateTable
CREATE TABLE "MeetingFile" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "activityId" INTEGER NOT NULL,
    "recordId" INTEGER,
    "dialogueId" INTEGER,
    "name" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "storage" TEXT NOT NULL,
    "uploadedById" INTEGER,
    "uploadedAt" DATETIME NOT NULL,
    CONSTRAINT "MeetingFile_activityId_fkey" FOREIGN KEY ("activityId") REFERENCES "Activity" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "MeetingFile_recordId_fkey" FOREIGN KEY ("recordId") REFERENCES "MeetingRecord" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "MeetingFile_uploadedById_fkey" FOREIGN KEY ("uploadedById") REFERENCES "Member" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MeetingFileBlob" (
    "fileId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "bytes" BLOB NOT NULL,
    CONSTRAINT "MeetingFileBlob_fileId_fkey" FOREIGN KEY ("fileId") REFERENCES "MeetingFile" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RecordDialogue" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "platform" TEXT NOT NULL,
    "tenant" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "activityId" INTEGER NOT NULL,
    "topic" TEXT,
    "hostMemberId" INTEGER,
    "recorderMemberId" INTEGER,
    "content" TEXT NOT NULL DEFAULT '',
    "openedAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    CONSTRAINT "RecordDialogue_activityId_fkey" FOREIGN KEY ("activityId") REFERENCES "Activity" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_MeetingRecordRevision" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "recordId" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "topic" TEXT,
    "hostMemberId" INTEGER,
    "recorderMemberId" INTEGER,
    "content" TEXT NOT NULL,
    "fileCount" INTEGER NOT NULL DEFAULT 0,
    "savedBy" TEXT NOT NULL,
    "savedAt" DATETIME NOT NULL,
    CONSTRAINT "MeetingRecordRevision_recordId_fkey" FOREIGN KEY ("recordId") REFERENCES "MeetingRecord" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_MeetingRecordRevision" ("content", "hostMemberId", "id", "recordId", "recorderMemberId", "savedAt", "savedBy", "topic", "version") SELECT "content", "hostMemberId", "id", "recordId", "recorderMemberId", "savedAt", "savedBy", "topic", "version" FROM "MeetingRecordRevision";
DROP TABLE "MeetingRecordRevision";
ALTER TABLE "new_MeetingRecordRevision" RENAME TO "MeetingRecordRevision";
CREATE UNIQUE INDEX "MeetingRecordRevision_recordId_version_key" ON "MeetingRecordRevision"("recordId", "version");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "MeetingFile_recordId_idx" ON "MeetingFile"("recordId");

-- CreateIndex
CREATE INDEX "MeetingFile_dialogueId_idx" ON "MeetingFile"("dialogueId");

-- CreateIndex
CREATE UNIQUE INDEX "RecordDialogue_platform_tenant_userId_key" ON "RecordDialogue"("platform", "tenant", "userId");
