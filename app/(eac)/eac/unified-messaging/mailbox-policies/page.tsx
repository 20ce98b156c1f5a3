import { MailboxPoliciesPanel } from "@/components/eac/mailbox-policies-panel";

export default function MailboxPoliciesPage() {
  return <MailboxPoliciesPanel />;
}
