import { redirect } from "next/navigation";

export default function EacHome() {
  redirect("/eac/unified-messaging/ip-gateways");
}
