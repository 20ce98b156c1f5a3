import { TestPhoneInbox } from "@/components/owa/test-phone-inbox";

export default function TestPhoneInboxPage() {
  return <TestPhoneInbox />;
}
