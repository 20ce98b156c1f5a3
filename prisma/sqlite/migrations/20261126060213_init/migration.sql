-- CreateTable
CREATE TABLE "UmDialPlan" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "numberOfDigitsInExtension" INTEGER NOT NULL,
    "uriType" TEXT NOT NULL DEFAULT 'TelExtn',
    "voipSecurity" TEXT NOT NULL DEFAULT 'Unsecured',
    "countryOrRegionCode" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "UmMailboxPolicy" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "dialPlanId" TEXT NOT NULL,
    "allowMessageWaitingIndicator" BOOLEAN NOT NULL DEFAULT true,
    "allowSmsNotification" BOOLEAN NOT NULL DEFAULT true,
    "allowMissedCallNotifications" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "UmMailboxPolicy_dialPlanId_fkey" FOREIGN KEY ("dialPlanId") REFERENCES "UmDialPlan" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "UmIpGateway" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "port" INTEGER NOT NULL DEFAULT 5060,
    "messageWaitingIndicatorAllowed" BOOLEAN NOT NULL DEFAULT true,
    "status" TEXT NOT NULL DEFAULT 'Enabled',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "UmIpGatewayDialPlan" (
    "gatewayId" TEXT NOT NULL,
    "dialPlanId" TEXT NOT NULL,
    "gatewayOrder" INTEGER NOT NULL,
    "dialPlanOrder" INTEGER NOT NULL,

    PRIMARY KEY ("gatewayId", "dialPlanId"),
    CONSTRAINT "UmIpGatewayDialPlan_gatewayId_fkey" FOREIGN KEY ("gatewayId") REFERENCES "UmIpGateway" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "UmIpGatewayDialPlan_dialPlanId_fkey" FOREIGN KEY ("dialPlanId") REFERENCES "UmDialPlan" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "UmMailbox" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "displayName" TEXT NOT NULL,
    "alias" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "umEnabled" BOOLEAN NOT NULL DEFAULT false,
    "umMailboxPolicyId" TEXT,
    "dialPlanId" TEXT,
    "extension" TEXT,
    "extraExtensions" TEXT NOT NULL DEFAULT '[]',
    "sipResourceIdentifier" TEXT,
    "e164Number" TEXT,
    "umSmsNotificationOption" TEXT NOT NULL DEFAULT 'None',
    "userId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "UmMailbox_umMailboxPolicyId_fkey" FOREIGN KEY ("umMailboxPolicyId") REFERENCES "UmMailboxPolicy" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "UmMailbox_dialPlanId_fkey" FOREIGN KEY ("dialPlanId") REFERENCES "UmDialPlan" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "UmMailbox_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "VoiceMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "mailboxId" TEXT NOT NULL,
    "callerId" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "durationSeconds" INTEGER NOT NULL,
    "urgent" BOOLEAN NOT NULL DEFAULT false,
    "protected" BOOLEAN NOT NULL DEFAULT false,
    "heard" BOOLEAN NOT NULL DEFAULT false,
    "preview" TEXT,
    CONSTRAINT "VoiceMessage_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "UmMailbox" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MissedCall" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "mailboxId" TEXT NOT NULL,
    "callerId" TEXT NOT NULL,
    "occurredAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "MissedCall_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "UmMailbox" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MwiState" (
    "mailboxId" TEXT NOT NULL PRIMARY KEY,
    "messagesWaiting" BOOLEAN NOT NULL DEFAULT false,
    "newCount" INTEGER NOT NULL DEFAULT 0,
    "oldCount" INTEGER NOT NULL DEFAULT 0,
    "newUrgentCount" INTEGER NOT NULL DEFAULT 0,
    "oldUrgentCount" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 0,
    "deliveredVersion" INTEGER NOT NULL DEFAULT -1,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "MwiState_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "UmMailbox" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MwiOutbox" (
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "MwiOutbox_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "UmMailbox" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DeliveryAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "outboxId" TEXT,
    "mailboxId" TEXT NOT NULL,
    "gatewayId" TEXT,
    "gatewayName" TEXT NOT NULL,
    "transport" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "statusCode" INTEGER,
    "reason" TEXT,
    "ok" BOOLEAN NOT NULL,
    "latencyMs" INTEGER NOT NULL,
    "messagesWaiting" BOOLEAN NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "DeliveryAttempt_outboxId_fkey" FOREIGN KEY ("outboxId") REFERENCES "MwiOutbox" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "DeliveryAttempt_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "UmMailbox" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "DeliveryAttempt_gatewayId_fkey" FOREIGN KEY ("gatewayId") REFERENCES "UmIpGateway" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SipSubscription" (
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
    "localCseq" INTEGER NOT NULL DEFAULT 0,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SipSubscription_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "UmMailbox" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TextMessagingSetup" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "mailboxId" TEXT NOT NULL,
    "notificationsEnabled" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT,
    "mobileOperator" TEXT,
    "phoneNumber" TEXT,
    "verified" BOOLEAN NOT NULL DEFAULT false,
    "verifiedAt" DATETIME,
    "passcodeHash" TEXT,
    "passcodeExpiresAt" DATETIME,
    "passcodeAttempts" INTEGER NOT NULL DEFAULT 0,
    "passcodesSent" TEXT NOT NULL DEFAULT '[]',
    "voiceMailNotifications" BOOLEAN NOT NULL DEFAULT false,
    "missedCallNotifications" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "TextMessagingSetup_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "UmMailbox" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SmsOutbox" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "mailboxId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "toNumber" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "reason" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimedBy" TEXT,
    "leaseUntil" DATETIME,
    "providerMessageId" TEXT,
    "sentAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SmsOutbox_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "UmMailbox" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "objectType" TEXT NOT NULL,
    "objectId" TEXT NOT NULL,
    "objectName" TEXT NOT NULL,
    "changes" TEXT NOT NULL DEFAULT '{}'
);

-- CreateTable
CREATE TABLE "user" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "emailVerified" BOOLEAN NOT NULL DEFAULT false,
    "image" TEXT,
    "role" TEXT NOT NULL DEFAULT 'user',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "expiresAt" DATETIME NOT NULL,
    "token" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "ipAddress" TEXT,
    "userAgent" TEXT,
    "userId" TEXT NOT NULL,
    CONSTRAINT "session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "account" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "providerId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "accessToken" TEXT,
    "refreshToken" TEXT,
    "idToken" TEXT,
    "accessTokenExpiresAt" DATETIME,
    "refreshTokenExpiresAt" DATETIME,
    "scope" TEXT,
    "password" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "account_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "verification" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "identifier" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" DATETIME,
    "revokedAt" DATETIME,
    CONSTRAINT "ApiToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "UmDialPlan_name_key" ON "UmDialPlan"("name");

-- CreateIndex
CREATE UNIQUE INDEX "UmMailboxPolicy_name_key" ON "UmMailboxPolicy"("name");

-- CreateIndex
CREATE INDEX "UmMailboxPolicy_dialPlanId_idx" ON "UmMailboxPolicy"("dialPlanId");

-- CreateIndex
CREATE UNIQUE INDEX "UmIpGateway_name_key" ON "UmIpGateway"("name");

-- CreateIndex
CREATE INDEX "UmIpGatewayDialPlan_dialPlanId_gatewayOrder_idx" ON "UmIpGatewayDialPlan"("dialPlanId", "gatewayOrder");

-- CreateIndex
CREATE UNIQUE INDEX "UmMailbox_alias_key" ON "UmMailbox"("alias");

-- CreateIndex
CREATE UNIQUE INDEX "UmMailbox_email_key" ON "UmMailbox"("email");

-- CreateIndex
CREATE UNIQUE INDEX "UmMailbox_userId_key" ON "UmMailbox"("userId");

-- CreateIndex
CREATE INDEX "UmMailbox_umMailboxPolicyId_idx" ON "UmMailbox"("umMailboxPolicyId");

-- CreateIndex
CREATE INDEX "UmMailbox_displayName_idx" ON "UmMailbox"("displayName");

-- CreateIndex
CREATE UNIQUE INDEX "UmMailbox_dialPlanId_extension_key" ON "UmMailbox"("dialPlanId", "extension");

-- CreateIndex
CREATE INDEX "VoiceMessage_mailboxId_receivedAt_idx" ON "VoiceMessage"("mailboxId", "receivedAt");

-- CreateIndex
CREATE INDEX "MissedCall_mailboxId_occurredAt_idx" ON "MissedCall"("mailboxId", "occurredAt");

-- CreateIndex
CREATE INDEX "MwiOutbox_status_nextAttemptAt_idx" ON "MwiOutbox"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "MwiOutbox_mailboxId_status_idx" ON "MwiOutbox"("mailboxId", "status");

-- CreateIndex
CREATE INDEX "DeliveryAttempt_mailboxId_createdAt_idx" ON "DeliveryAttempt"("mailboxId", "createdAt");

-- CreateIndex
CREATE INDEX "DeliveryAttempt_gatewayId_createdAt_idx" ON "DeliveryAttempt"("gatewayId", "createdAt");

-- CreateIndex
CREATE INDEX "SipSubscription_mailboxId_idx" ON "SipSubscription"("mailboxId");

-- CreateIndex
CREATE INDEX "SipSubscription_expiresAt_idx" ON "SipSubscription"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "SipSubscription_callId_localTag_key" ON "SipSubscription"("callId", "localTag");

-- CreateIndex
CREATE UNIQUE INDEX "TextMessagingSetup_mailboxId_key" ON "TextMessagingSetup"("mailboxId");

-- CreateIndex
CREATE UNIQUE INDEX "SmsOutbox_idempotencyKey_key" ON "SmsOutbox"("idempotencyKey");

-- CreateIndex
CREATE INDEX "SmsOutbox_status_nextAttemptAt_idx" ON "SmsOutbox"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "SmsOutbox_mailboxId_createdAt_idx" ON "SmsOutbox"("mailboxId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditLog_at_idx" ON "AuditLog"("at");

-- CreateIndex
CREATE INDEX "AuditLog_objectType_objectId_idx" ON "AuditLog"("objectType", "objectId");

-- CreateIndex
CREATE UNIQUE INDEX "user_email_key" ON "user"("email");

-- CreateIndex
CREATE UNIQUE INDEX "session_token_key" ON "session"("token");

-- CreateIndex
CREATE INDEX "session_userId_idx" ON "session"("userId");

-- CreateIndex
CREATE INDEX "account_userId_idx" ON "account"("userId");

-- CreateIndex
CREATE INDEX "verification_identifier_idx" ON "verification"("identifier");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");

-- CreateIndex
CREATE INDEX "ApiToken_userId_idx" ON "ApiToken"("userId");
