import { requirePageRole } from "@/lib/auth/server-session";
import { EacFrame } from "@/components/eac/eac-frame";

export const dynamic = "force-dynamic";

export default async function EacLayout({ children }: { children: React.ReactNode }) {
  const who = await requirePageRole("admin", "/eac");
  return <EacFrame userName={who.name}>{children}</EacFrame>;
}
