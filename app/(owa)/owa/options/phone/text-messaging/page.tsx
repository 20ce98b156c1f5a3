import { TextMessagingWizard } from "@/components/owa/text-messaging-wizard";

export default function TextMessagingPage() {
  return <TextMessagingWizard />;
}
