import { redirect } from "next/navigation";

// Signing in lands on Options › Phone › Voice mail.
export default function OwaHome() {
  redirect("/owa/options/phone/voice-mail");
}
