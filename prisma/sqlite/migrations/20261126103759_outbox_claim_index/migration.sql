-- CreateIndex
CREATE INDEX "MwiOutbox_status_kind_nextAttemptAt_createdAt_idx" ON "MwiOutbox"("status", "kind", "nextAttemptAt", "createdAt");
