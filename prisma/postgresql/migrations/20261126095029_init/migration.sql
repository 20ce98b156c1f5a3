-- CreateTable
CREATE TABLE "UmDialPlan" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "numberOfDigitsInExtension" INTEGER NOT NULL,
    "uriType" TEXT NOT NULL DEFAULT 'TelExtn',
    "voipSecurity" TEXT NOT NULL DEFAULT 'Unsecured',
    "countryOrRegionCode" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UmDialPlan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UmMailboxPolicy" (
    "id" TEXT NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UmMailboxPolicy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UmIpGateway" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "port" INTEGER NOT NULL DEFAULT 5060,
    "messageWaitingIndicatorAllowed" BOOLEAN NOT NULL DEFAULT true,
    "status" TEXT NOT NULL DEFAULT 'Enabled',
    "outcallsAllowed" BOOLEAN NOT NULL DEFAULT true,
    "ipAddressFamily" TEXT NOT NULL DEFAULT 'IPv4Only',
    "transport" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UmIpGateway_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UmIpGatewayDialPlan" (
    "gatewayId" TEXT NOT NULL,
    "dialPlanId" TEXT NOT NULL,
    "gatewayOrder" INTEGER NOT NULL,
    "dialPlanOrder" INTEGER NOT NULL,

    CONSTRAINT "UmIpGatewayDialPlan_pkey" PRIMARY KEY ("gatewayId","dialPlanId")
);

-- CreateTable
CREATE TABLE "UmMailbox" (
    "id" TEXT NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UmMailbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VoiceMessage" (
    "id" TEXT NOT NULL,
    "mailboxId" TEXT NOT NULL,
    "callerId" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "durationSeconds" INTEGER NOT NULL,
    "urgent" BOOLEAN NOT NULL DEFAULT false,
    "protected" BOOLEAN NOT NULL DEFAULT false,
    "heard" BOOLEAN NOT NULL DEFAULT false,
    "preview" TEXT,

    CONSTRAINT "VoiceMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MissedCall" (
    "id" TEXT NOT NULL,
    "mailboxId" TEXT NOT NULL,
    "callerId" TEXT NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MissedCall_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MwiState" (
    "mailboxId" TEXT NOT NULL,
    "messagesWaiting" BOOLEAN NOT NULL DEFAULT false,
    "newCount" INTEGER NOT NULL DEFAULT 0,
    "oldCount" INTEGER NOT NULL DEFAULT 0,
    "newUrgentCount" INTEGER NOT NULL DEFAULT 0,
    "oldUrgentCount" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 0,
    "deliveredVersion" INTEGER NOT NULL DEFAULT -1,
    "lastSentAt" TIMESTAMP(3),
    "nextRefreshAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MwiState_pkey" PRIMARY KEY ("mailboxId")
);

-- CreateTable
CREATE TABLE "MwiOutbox" (
    "id" TEXT NOT NULL,
    "mailboxId" TEXT NOT NULL,
    "stateVersion" INTEGER NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'change',
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "firstAttemptAt" TIMESTAMP(3),
    "claimedBy" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "lastError" TEXT,
    "completedAt" TIMESTAMP(3),
    "resyncJobId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MwiOutbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MwiResyncJob" (
    "id" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "scopeId" TEXT,
    "scopeName" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "total" INTEGER NOT NULL DEFAULT 0,
    "done" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "requestedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "MwiResyncJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MwiEvent" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "level" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "mailboxId" TEXT,
    "gatewayId" TEXT,
    "outboxId" TEXT,
    "message" TEXT NOT NULL,

    CONSTRAINT "MwiEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeliveryAttempt" (
    "id" TEXT NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DeliveryAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SipSubscription" (
    "id" TEXT NOT NULL,
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
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SipSubscription_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TextMessagingSetup" (
    "id" TEXT NOT NULL,
    "mailboxId" TEXT NOT NULL,
    "notificationsEnabled" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT,
    "mobileOperator" TEXT,
    "phoneNumber" TEXT,
    "verified" BOOLEAN NOT NULL DEFAULT false,
    "verifiedAt" TIMESTAMP(3),
    "passcodeHash" TEXT,
    "passcodeExpiresAt" TIMESTAMP(3),
    "passcodeAttempts" INTEGER NOT NULL DEFAULT 0,
    "passcodesSent" TEXT NOT NULL DEFAULT '[]',
    "voiceMailNotifications" BOOLEAN NOT NULL DEFAULT false,
    "missedCallNotifications" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TextMessagingSetup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SmsOutbox" (
    "id" TEXT NOT NULL,
    "mailboxId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "toNumber" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "reason" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimedBy" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "providerMessageId" TEXT,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SmsOutbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "objectType" TEXT NOT NULL,
    "objectId" TEXT NOT NULL,
    "objectName" TEXT NOT NULL,
    "changes" TEXT NOT NULL DEFAULT '{}',

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "emailVerified" BOOLEAN NOT NULL DEFAULT false,
    "image" TEXT,
    "role" TEXT NOT NULL DEFAULT 'user',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "session" (
    "id" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "token" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "ipAddress" TEXT,
    "userAgent" TEXT,
    "userId" TEXT NOT NULL,

    CONSTRAINT "session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "account" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "providerId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "accessToken" TEXT,
    "refreshToken" TEXT,
    "idToken" TEXT,
    "accessTokenExpiresAt" TIMESTAMP(3),
    "refreshTokenExpiresAt" TIMESTAMP(3),
    "scope" TEXT,
    "password" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "verification" (
    "id" TEXT NOT NULL,
    "identifier" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "verification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
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
CREATE INDEX "UmMailbox_extension_idx" ON "UmMailbox"("extension");

-- CreateIndex
CREATE UNIQUE INDEX "UmMailbox_dialPlanId_extension_key" ON "UmMailbox"("dialPlanId", "extension");

-- CreateIndex
CREATE INDEX "VoiceMessage_mailboxId_receivedAt_idx" ON "VoiceMessage"("mailboxId", "receivedAt");

-- CreateIndex
CREATE INDEX "MissedCall_mailboxId_occurredAt_idx" ON "MissedCall"("mailboxId", "occurredAt");

-- CreateIndex
CREATE INDEX "MwiState_nextRefreshAt_idx" ON "MwiState"("nextRefreshAt");

-- CreateIndex
CREATE INDEX "MwiOutbox_status_nextAttemptAt_idx" ON "MwiOutbox"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "MwiOutbox_mailboxId_status_idx" ON "MwiOutbox"("mailboxId", "status");

-- CreateIndex
CREATE INDEX "MwiOutbox_resyncJobId_status_idx" ON "MwiOutbox"("resyncJobId", "status");

-- CreateIndex
CREATE INDEX "MwiResyncJob_createdAt_idx" ON "MwiResyncJob"("createdAt");

-- CreateIndex
CREATE INDEX "MwiEvent_at_idx" ON "MwiEvent"("at");

-- CreateIndex
CREATE INDEX "MwiEvent_kind_at_idx" ON "MwiEvent"("kind", "at");

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

-- AddForeignKey
ALTER TABLE "UmMailboxPolicy" ADD CONSTRAINT "UmMailboxPolicy_dialPlanId_fkey" FOREIGN KEY ("dialPlanId") REFERENCES "UmDialPlan"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UmIpGatewayDialPlan" ADD CONSTRAINT "UmIpGatewayDialPlan_gatewayId_fkey" FOREIGN KEY ("gatewayId") REFERENCES "UmIpGateway"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UmIpGatewayDialPlan" ADD CONSTRAINT "UmIpGatewayDialPlan_dialPlanId_fkey" FOREIGN KEY ("dialPlanId") REFERENCES "UmDialPlan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UmMailbox" ADD CONSTRAINT "UmMailbox_umMailboxPolicyId_fkey" FOREIGN KEY ("umMailboxPolicyId") REFERENCES "UmMailboxPolicy"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UmMailbox" ADD CONSTRAINT "UmMailbox_dialPlanId_fkey" FOREIGN KEY ("dialPlanId") REFERENCES "UmDialPlan"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UmMailbox" ADD CONSTRAINT "UmMailbox_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VoiceMessage" ADD CONSTRAINT "VoiceMessage_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "UmMailbox"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MissedCall" ADD CONSTRAINT "MissedCall_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "UmMailbox"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MwiState" ADD CONSTRAINT "MwiState_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "UmMailbox"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MwiOutbox" ADD CONSTRAINT "MwiOutbox_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "UmMailbox"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MwiOutbox" ADD CONSTRAINT "MwiOutbox_resyncJobId_fkey" FOREIGN KEY ("resyncJobId") REFERENCES "MwiResyncJob"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeliveryAttempt" ADD CONSTRAINT "DeliveryAttempt_outboxId_fkey" FOREIGN KEY ("outboxId") REFERENCES "MwiOutbox"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeliveryAttempt" ADD CONSTRAINT "DeliveryAttempt_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "UmMailbox"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeliveryAttempt" ADD CONSTRAINT "DeliveryAttempt_gatewayId_fkey" FOREIGN KEY ("gatewayId") REFERENCES "UmIpGateway"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SipSubscription" ADD CONSTRAINT "SipSubscription_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "UmMailbox"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TextMessagingSetup" ADD CONSTRAINT "TextMessagingSetup_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "UmMailbox"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SmsOutbox" ADD CONSTRAINT "SmsOutbox_mailboxId_fkey" FOREIGN KEY ("mailboxId") REFERENCES "UmMailbox"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "session" ADD CONSTRAINT "session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account" ADD CONSTRAINT "account_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
