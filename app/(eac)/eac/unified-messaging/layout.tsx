import { FeatureTabs } from "@/components/eac/feature-tabs";

export default function UnifiedMessagingLayout({ children }: { children: React.ReactNode }) {
  return (
    <>
      <FeatureTabs tabs={[
        { href: "/eac/unified-messaging/dial-plans", label: "UM dial plans" },
        { href: "/eac/unified-messaging/mailbox-policies", label: "UM mailbox policies" },
        { href: "/eac/unified-messaging/ip-gateways", label: "UM IP gateways" },
      ]} />
      {children}
    </>
  );
}
