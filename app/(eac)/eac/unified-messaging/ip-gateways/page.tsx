import { IpGatewaysPanel } from "@/components/eac/ip-gateways-panel";

export default function IpGatewaysPage() {
  return <IpGatewaysPanel />;
}
