-- AlterTable
ALTER TABLE "MwiState" ADD COLUMN "lastSentAt" DATETIME;
ALTER TABLE "MwiState" ADD COLUMN "nextRefreshAt" DATETIME;

-- CreateTable
CREATE TABLE "MwiResyncJob" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "scope" TEXT NOT NULL,
    "scopeId" TEXT,
    "scopeName" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "total" INTEGER NOT NULL DEFAULT 0,
    "done" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "requestedBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME
);

-- CreateTable
CREATE TABLE "MwiEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "level" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "mailboxId" TEXT,
    "gatewayId" TEXT,
    "outboxId" TEXT,
    "message" TEXT NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_MwiOutbox" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "mailboxId" TEXT NOT NULL,
    "stateVersion" INTEGER NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'change',
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "firstAttemptAt" DATETIME,
    "claimedBy" TEXT,
    "leaseUntil" DATETIME,
    "lastError" TEXT,
    "completedAt" DATETIME,
    "resyncJobId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "MwiOutbox_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "UmMailbox" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "MwiOutbox_resyncJobId_fkey" FOREIGN KEY ("resyncJobId") REFERENCES "MwiResyncJob" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_MwiOutbox" ("attempts", "claimedBy", "completedAt", "createdAt", "firstAttemptAt", "id", "kind", "lastError", "leaseUntil", "mailboxId", "nextAttemptAt", "stateVersion", "status") SELECT "attempts", "claimedBy", "completedAt", "createdAt", "firstAttemptAt", "id", "kind", "lastError", "leaseUntil", "mailboxId", "nextAttemptAt", "stateVersion", "status" FROM "MwiOutbox";
DROP TABLE "MwiOutbox";
ALTER TABLE "new_MwiOutbox" RENAME TO "MwiOutbox";
CREATE INDEX "MwiOutbox_status_nextAttemptAt_idx" ON "MwiOutbox"("status", "nextAttemptAt");
CREATE INDEX "MwiOutbox_mailboxId_status_idx" ON "MwiOutbox"("mailboxId", "status");
CREATE INDEX "MwiOutbox_resyncJobId_status_idx" ON "MwiOutbox"("resyncJobId", "status");
CREATE TABLE "new_SipSubscription" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "mailboxId" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "localTag" TEXT NOT NULL,
    "remoteTag" TEXT NOT NULL,
    "remoteUri" TEXT NOT NULL,
    "remoteTarget" TEXT NOT NULL,
    "transport" TEXT NOT NULL,
    "peerHost" TEXT NOT NULL,
    "peerPort" INTEGER NOT NULL,
    "localUri" TEXT NOT NULL DEFAULT '',
    "localCseq" INTEGER NOT NULL DEFAULT 0,
    "remoteCseq" INTEGER NOT NULL DEFAULT 0,
    "routeSet" TEXT NOT NULL DEFAULT '[]',
    "expiresSeconds" INTEGER NOT NULL DEFAULT 3600,
    "lastNotifiedVersion" INTEGER NOT NULL DEFAULT -1,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SipSubscription_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "UmMailbox" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_SipSubscription" ("callId", "createdAt", "expiresAt", "id", "localCseq", "localTag", "mailboxId", "peerHost", "peerPort", "remoteTag", "remoteTarget", "remoteUri", "transport") SELECT "callId", "createdAt", "expiresAt", "id", "localCseq", "localTag", "mailboxId", "peerHost", "peerPort", "remoteTag", "remoteTarget", "remoteUri", "transport" FROM "SipSubscription";
DROP TABLE "SipSubscription";
ALTER TABLE "new_SipSubscription" RENAME TO "SipSubscription";
CREATE INDEX "SipSubscription_mailboxId_idx" ON "SipSubscription"("mailboxId");
CREATE INDEX "SipSubscription_expiresAt_idx" ON "SipSubscription"("expiresAt");
CREATE UNIQUE INDEX "SipSubscription_callId_localTag_key" ON "SipSubscription"("callId", "localTag");
CREATE TABLE "new_UmIpGateway" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "port" INTEGER NOT NULL DEFAULT 5060,
    "messageWaitingIndicatorAllowed" BOOLEAN NOT NULL DEFAULT true,
    "status" TEXT NOT NULL DEFAULT 'Enabled',
    "outcallsAllowed" BOOLEAN NOT NULL DEFAULT true,
    "ipAddressFamily" TEXT NOT NULL DEFAULT 'IPv4Only',
    "transport" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_UmIpGateway" ("address", "createdAt", "id", "messageWaitingIndicatorAllowed", "name", "port", "status", "updatedAt") SELECT "address", "createdAt", "id", "messageWaitingIndicatorAllowed", "name", "port", "status", "updatedAt" FROM "UmIpGateway";
DROP TABLE "UmIpGateway";
ALTER TABLE "new_UmIpGateway" RENAME TO "UmIpGateway";
CREATE UNIQUE INDEX "UmIpGateway_name_key" ON "UmIpGateway"("name");
CREATE TABLE "new_UmMailboxPolicy" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "dialPlanId" TEXT NOT NULL,
    "allowMessageWaitingIndicator" BOOLEAN NOT NULL DEFAULT true,
    "allowSmsNotification" BOOLEAN NOT NULL DEFAULT true,
    "allowMissedCallNotifications" BOOLEAN NOT NULL DEFAULT true,
    "allowVoiceMailPreview" BOOLEAN NOT NULL DEFAULT true,
    "umEnabledText" TEXT,
    "resetPinText" TEXT,
    "voiceMailText" TEXT,
    "faxMessageText" TEXT,
    "minPinLength" INTEGER NOT NULL DEFAULT 6,
    "pinLifetime" INTEGER DEFAULT 60,
    "pinHistoryCount" INTEGER NOT NULL DEFAULT 5,
    "allowCommonPatterns" BOOLEAN NOT NULL DEFAULT false,
    "logonFailuresBeforePinReset" INTEGER DEFAULT 5,
    "maxLogonAttempts" INTEGER NOT NULL DEFAULT 15,
    "allowDialPlanSubscribers" BOOLEAN NOT NULL DEFAULT true,
    "allowExtensions" BOOLEAN NOT NULL DEFAULT true,
    "allowedInCountryOrRegionGroups" TEXT NOT NULL DEFAULT '[]',
    "allowedInternationalGroups" TEXT NOT NULL DEFAULT '[]',
    "protectUnauthenticatedVoiceMail" TEXT NOT NULL DEFAULT 'None',
    "protectAuthenticatedVoiceMail" TEXT NOT NULL DEFAULT 'None',
    "requireProtectedPlayOnPhone" BOOLEAN NOT NULL DEFAULT false,
    "protectedVoiceMailText" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "UmMailboxPolicy_dialPlanId_fkey" FOREIGN KEY ("dialPlanId") REFERENCES "UmDialPlan" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_UmMailboxPolicy" ("allowMessageWaitingIndicator", "allowMissedCallNotifications", "allowSmsNotification", "createdAt", "dialPlanId", "id", "name", "updatedAt") SELECT "allowMessageWaitingIndicator", "allowMissedCallNotifications", "allowSmsNotification", "createdAt", "dialPlanId", "id", "name", "updatedAt" FROM "UmMailboxPolicy";
DROP TABLE "UmMailboxPolicy";
ALTER TABLE "new_UmMailboxPolicy" RENAME TO "UmMailboxPolicy";
CREATE UNIQUE INDEX "UmMailboxPolicy_name_key" ON "UmMailboxPolicy"("name");
CREATE INDEX "UmMailboxPolicy_dialPlanId_idx" ON "UmMailboxPolicy"("dialPlanId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "MwiResyncJob_createdAt_idx" ON "MwiResyncJob"("createdAt");

-- CreateIndex
CREATE INDEX "MwiEvent_at_idx" ON "MwiEvent"("at");

-- CreateIndex
CREATE INDEX "MwiEvent_kind_at_idx" ON "MwiEvent"("kind", "at");

-- CreateIndex
CREATE INDEX "MwiState_nextRefreshAt_idx" ON "MwiState"("nextRefreshAt");
