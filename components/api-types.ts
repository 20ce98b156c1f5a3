// Shapes of the /api/v1 resources as the EAC uses them (the services' DTOs, types only).
export type { DialPlanDto as DialPlan } from "@/lib/services/dial-plans";
export type { IpGatewayDto as IpGateway } from "@/lib/services/ip-gateways";
export type { MailboxDto as Mailbox } from "@/lib/services/mailboxes";
export type { MwiStatusDto as MwiStatus } from "@/lib/services/mwi-status";
export type { Page } from "@/lib/services/paging";
export type { MailboxPolicyDto as MailboxPolicy } from "@/lib/services/mailbox-policies";
export type { EffectiveSettingsDto as EffectiveSettings } from "@/lib/services/effective-settings";
export type { TextMessagingDto as TextMessaging } from "@/lib/services/text-messaging";
export type { AuditEntryDto as AuditEntry } from "@/lib/services/audit-log";
