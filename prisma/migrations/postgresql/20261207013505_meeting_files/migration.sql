-- AlterTable
ALTER TABLE "MeetingRecordRevision" ADD COLUMN     "fileCount" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "MeetingFile" (
    "id" SERIAL NOT NULL,
    "activityId" INTEGER NOT NULL,
    "recordId" INTEGER,
    "dialogueId" INTEGER,
    "name" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "storage" TEXT NOT NULL,
    "uploadedById" INTEGER,
    "uploadedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MeetingFile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MeetingFileBlob" (
    "fileId" INTEGER NOT NULL,
    "bytes" BYTEA NOT NULL,

    CONSTRAINT "MeetingFileBlob_pkey" PRIMARY KEY ("fileId")
);

-- CreateTable
CREATE TABLE "RecordDialogue" (
    "id" SERIAL NOT NULL,
    "platform" TEXT NOT NULL,
    "tenant" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "activityId" INTEGER NOT NULL,
    "topic" TEXT,
    "hostMemberId" INTEGER,
    "recorderMemberId" INTEGER,
    "content" TEXT NOT NULL DEFAULT '',
    "openedAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RecordDialogue_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MeetingFile_recordId_idx" ON "MeetingFile"("recordId");

-- CreateIndex
CREATE INDEX "MeetingFile_dialogueId_idx" ON "MeetingFile"("dialogueId");

-- CreateIndex
CREATE UNIQUE INDEX "RecordDialogue_platform_tenant_userId_key" ON "RecordDialogue"("platform", "tenant", "userId");

-- AddForeignKey
ALTER TABLE "MeetingFile" ADD CONSTRAINT "MeetingFile_activityId_fkey" FOREIGN KEY ("activityId") REFERENCES "Activity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MeetingFile" ADD CONSTRAINT "MeetingFile_recordId_fkey" FOREIGN KEY ("recordId") REFERENCES "MeetingRecord"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MeetingFile" ADD CONSTRAINT "MeetingFile_uploadedById_fkey" FOREIGN KEY ("uploadedById") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MeetingFileBlob" ADD CONSTRAINT "MeetingFileBlob_fileId_fkey" FOREIGN KEY ("fileId") REFERENCES "MeetingFile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecordDialogue" ADD CONSTRAINT "RecordDialogue_activityId_fkey" FOREIGN KEY ("activityId") REFERENCES "Activity"("id") ON DELETE CASCADE ON UPDATE CASCADE;
