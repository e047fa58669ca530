-- CreateTable
CREATE TABLE "LiveMessage" (
    "id" SERIAL NOT NULL,
    "liveKey" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "tenant" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LiveMessage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LiveMessage_liveKey_idx" ON "LiveMessage"("liveKey");

-- CreateIndex
CREATE UNIQUE INDEX "LiveMessage_platform_messageId_key" ON "LiveMessage"("platform", "messageId");
