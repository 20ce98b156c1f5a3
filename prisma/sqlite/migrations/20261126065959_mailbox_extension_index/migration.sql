-- CreateIndex
CREATE INDEX "UmMailbox_extension_idx" ON "UmMailbox"("extension");
