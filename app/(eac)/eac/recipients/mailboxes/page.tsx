import { MailboxesPanel } from "@/components/eac/mailboxes-panel";

export default function MailboxesPage() {
  return <MailboxesPanel />;
}
