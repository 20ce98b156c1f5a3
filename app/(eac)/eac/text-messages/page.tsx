import { FeatureTabs } from "@/components/eac/feature-tabs";
import { TextMessageLog } from "@/components/eac/text-message-log";

export default function TextMessagesPage() {
  return (
    <>
      <FeatureTabs tabs={[{ href: "/eac/text-messages", label: "text message log" }]} />
      <TextMessageLog />
    </>
  );
}
