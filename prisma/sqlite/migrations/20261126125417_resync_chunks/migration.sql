-- DropIndex
DROP INDEX "MwiOutbox_status_nextAttemptAt_idx";

-- CreateTable
CREATE TABLE "MwiResyncChunk" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "jobId" TEXT NOT NULL,
    "fromMailboxId" TEXT NOT NULL,
    "toMailboxId" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "cursor" TEXT,
    "activeFrom" TEXT,
    "activeTo" TEXT,
    "done" INTEGER NOT NULL DEFAULT 0,
    "handedOver" INTEGER NOT NULL DEFAULT 0,
    "claimedBy" TEXT,
    "leaseUntil" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" DATETIME,
    CONSTRAINT "MwiResyncChunk_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "MwiResyncJob" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "MwiResyncChunk_status_createdAt_idx" ON "MwiResyncChunk"("status", "createdAt");

-- CreateIndex
CREATE INDEX "MwiResyncChunk_jobId_status_idx" ON "MwiResyncChunk"("jobId", "status");

-- CreateIndex
CREATE INDEX "MwiResyncChunk_activeFrom_idx" ON "MwiResyncChunk"("activeFrom");
