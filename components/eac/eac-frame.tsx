import { SignOutButton } from "../sign-out-button";
import { NavLink } from "./nav-link";

export function EacFrame({ userName, children }: { userName: string; children: React.ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col">
      <header className="flex h-10 items-center justify-between bg-eac px-4 text-white">
        <span className="text-[15px]">Lamplighter <span className="font-light">admin center</span></span>
        <span className="flex items-center gap-4">
          <span>{userName}</span>
          <SignOutButton className="text-white underline-offset-2 hover:underline" />
        </span>
      </header>
      <div className="flex flex-1">
        <nav aria-label="Features" className="w-48 shrink-0 border-r border-neutral-200 pt-4">
          <h1 className="px-4 pb-3 text-2xl font-light text-neutral-700">Exchange admin center</h1>
          <ul>
            <li><NavLink href="/eac/recipients" label="recipients" /></li>
            <li><NavLink href="/eac/unified-messaging" label="unified messaging" /></li>
            <li><NavLink href="/eac/mwi-delivery" label="MWI delivery" /></li>
            <li><NavLink href="/eac/text-messages" label="text messages" /></li>
            <li><NavLink href="/eac/audit-log" label="audit log" /></li>
          </ul>
        </nav>
        <main className="flex-1 px-6 pt-3">{children}</main>
      </div>
    </div>
  );
}
