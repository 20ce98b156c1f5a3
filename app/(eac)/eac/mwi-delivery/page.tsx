import { MwiDeliveryPage } from "@/components/eac/mwi-delivery-page";

export default function MwiDelivery() {
  return <MwiDeliveryPage />;
}
