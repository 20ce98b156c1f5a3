import { AuditLogPanel } from "@/components/eac/audit-log-panel";
import { FeatureTabs } from "@/components/eac/feature-tabs";

export default function AuditLogPage() {
  return (
    <>
      <FeatureTabs tabs={[{ href: "/eac/audit-log", label: "administrator audit log" }]} />
      <AuditLogPanel />
    </>
  );
}
