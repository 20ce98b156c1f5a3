"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

export function FeatureTabs({ tabs }: { tabs: { href: string; label: string }[] }) {
  const path = usePathname();
  return (
    <nav aria-label="Tabs" className="mb-3 flex gap-5 border-b border-neutral-200">
      {tabs.map((t) => {
        const active = path.startsWith(t.href);
        return (
          <Link key={t.href} href={t.href} aria-current={active ? "page" : undefined}
            className={`pb-1.5 text-[15px] ${active ? "border-b-2 border-eac text-neutral-900" : "text-eac hover:underline"}`}>
            {t.label}
          </Link>
        );
      })}
    </nav>
  );
}
