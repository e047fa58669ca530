-- CreateTable
CREATE TABLE "CallbackSignature" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "platform" TEXT NOT NULL,
    "pairHash" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "bodyHash" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "CallbackSignature_expiresAt_idx" ON "CallbackSignature"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "CallbackSignature_platform_pairHash_key" ON "CallbackSignature"("platform", "pairHash");
