import { requirePageRole } from "@/lib/auth/server-session";
import { OwaFrame } from "@/components/owa/owa-frame";

export const dynamic = "force-dynamic";

export default async function OwaLayout({ children }: { children: React.ReactNode }) {
  const who = await requirePageRole("user", "/owa");
  return <OwaFrame userName={who.name}>{children}</OwaFrame>;
}
