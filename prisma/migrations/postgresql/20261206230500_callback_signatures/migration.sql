-- CreateTable
CREATE TABLE "CallbackSignature" (
    "id" SERIAL NOT NULL,
    "platform" TEXT NOT NULL,
    "pairHash" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "bodyHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CallbackSignature_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CallbackSignature_expiresAt_idx" ON "CallbackSignature"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "CallbackSignature_platform_pairHash_key" ON "CallbackSignature"("platform", "pairHash");
