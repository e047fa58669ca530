-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_InboundEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "platform" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'processing',
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "payload" JSONB,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "doneAt" DATETIME
);
INSERT INTO "new_InboundEvent" ("doneAt", "eventId", "id", "payload", "platform", "receivedAt", "status") SELECT "doneAt", "eventId", "id", "payload", "platform", "receivedAt", "status" FROM "InboundEvent";
DROP TABLE "InboundEvent";
ALTER TABLE "new_InboundEvent" RENAME TO "InboundEvent";
CREATE INDEX "InboundEvent_receivedAt_idx" ON "InboundEvent"("receivedAt");
CREATE UNIQUE INDEX "InboundEvent_platform_eventId_key" ON "InboundEvent"("platform", "eventId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
