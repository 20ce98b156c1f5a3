import { redirect } from "next/navigation";
import { currentPrincipal } from "@/lib/auth/server-session";

export const dynamic = "force-dynamic";

export default async function Home() {
  const who = await currentPrincipal();
  if (!who) redirect("/sign-in");
  redirect(who.role === "admin" ? "/eac" : "/owa");
}
