import { redirect } from "next/navigation";

export default function UnifiedMessaging() {
  redirect("/eac/unified-messaging/dial-plans");
}
