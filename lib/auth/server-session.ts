// Page-side guards for server components: who is signed in, and where to send everyone else.
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { dbReady } from "../db";
import { principalFrom, type Principal } from "./principal";

export async function currentPrincipal(): Promise<Principal | null> {
  await dbReady();
  return principalFrom(await headers()).catch(() => null);
}

export async function requirePageRole(role: "admin" | "user", next: string): Promise<Principal> {
  const who = await currentPrincipal();
  if (!who) redirect(`/sign-in?next=${encodeURIComponent(next)}`);
  if (role === "admin" && who.role !== "admin") redirect("/forbidden");
  return who;
}
