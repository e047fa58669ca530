-- CreateTable
CREATE TABLE "MeetingRecord" (
    "id" SERIAL NOT NULL,
    "activityId" INTEGER NOT NULL,
    "topic" TEXT,
    "hostMemberId" INTEGER,
    "recorderMemberId" INTEGER,
    "content" TEXT NOT NULL DEFAULT '',
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "editedBy" TEXT,
    "editedAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "MeetingRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MeetingRecordRevision" (
    "id" SERIAL NOT NULL,
    "recordId" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "topic" TEXT,
    "hostMemberId" INTEGER,
    "recorderMemberId" INTEGER,
    "content" TEXT NOT NULL,
    "savedBy" TEXT NOT NULL,
    "savedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MeetingRecordRevision_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "MeetingRecord_activityId_key" ON "MeetingRecord"("activityId");

-- CreateIndex
CREATE UNIQUE INDEX "MeetingRecordRevision_recordId_version_key" ON "MeetingRecordRevision"("recordId", "version");

-- AddForeignKey
ALTER TABLE "MeetingRecord" ADD CONSTRAINT "MeetingRecord_activityId_fkey" FOREIGN KEY ("activityId") REFERENCES "Activity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MeetingRecord" ADD CONSTRAINT "MeetingRecord_hostMemberId_fkey" FOREIGN KEY ("hostMemberId") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MeetingRecord" ADD CONSTRAINT "MeetingRecord_recorderMemberId_fkey" FOREIGN KEY ("recorderMemberId") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MeetingRecordRevision" ADD CONSTRAINT "MeetingRecordRevision_recordId_fkey" FOREIGN KEY ("recordId") REFERENCES "MeetingRecord"("id") ON DELETE CASCADE ON UPDATE CASCADE;
