import { FeatureTabs } from "@/components/eac/feature-tabs";

export default function RecipientsLayout({ children }: { children: React.ReactNode }) {
  return (
    <>
      <FeatureTabs tabs={[{ href: "/eac/recipients/mailboxes", label: "mailboxes" }]} />
      {children}
    </>
  );
}
