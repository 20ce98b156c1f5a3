"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

export function NavLink({ href, label }: { href: string; label: string }) {
  const active = usePathname().startsWith(href);
  return (
    <Link href={href} aria-current={active ? "page" : undefined}
      className={`block px-4 py-1.5 ${active ? "bg-eac/10 font-semibold text-eac-dark" : "text-neutral-700 hover:bg-neutral-100"}`}>
      {label}
    </Link>
  );
}
