import { env } from "@/lib/env";
import { SignOutButton } from "../sign-out-button";
import { OwaNav } from "./owa-nav";

export function OwaFrame({ userName, children }: { userName: string; children: React.ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col">
      <header className="flex h-11 items-center justify-between bg-owa px-4 text-white">
        <span className="text-[15px]">Outlook <span className="font-light">· Lamplighter</span></span>
        <span className="flex items-center gap-4"><span>{userName}</span><SignOutButton className="text-white hover:underline" /></span>
      </header>
      <div className="flex flex-1">
        <nav aria-label="Options" className="w-56 shrink-0 border-r border-neutral-200 pt-4">
          <h1 className="px-4 pb-3 text-2xl font-light">Options</h1>
          <p className="px-4 pt-1 text-xs font-semibold uppercase text-neutral-500">Phone</p>
          <OwaNav testInbox={env.smsProvider === "outbox"} />
        </nav>
        <main className="flex-1 px-8 pt-4">{children}</main>
      </div>
    </div>
  );
}
