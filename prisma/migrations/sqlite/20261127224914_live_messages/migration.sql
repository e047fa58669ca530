-- CreateTable
CREATE TABLE "LiveMessage" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "liveKey" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "tenant" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "LiveMessage_liveKey_idx" ON "LiveMessage"("liveKey");

-- CreateIndex
CREATE UNIQUE INDEX "LiveMessage_platform_messageId_key" ON "LiveMessage"("platform", "messageId");
