import { DialPlansPanel } from "@/components/eac/dial-plans-panel";

export default function DialPlansPage() {
  return <DialPlansPanel />;
}
