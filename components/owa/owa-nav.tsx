"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/owa/options/phone/voice-mail", label: "Voice mail" },
  { href: "/owa/options/phone/text-messaging", label: "Text messaging" },
  { href: "/owa/options/phone/test-phone-inbox", label: "Test phone inbox" },
];

export function OwaNav({ testInbox }: { testInbox: boolean }) {
  const path = usePathname();
  return (
    <ul>
      {LINKS.filter((l) => testInbox || !l.href.endsWith("test-phone-inbox")).map((l) => {
        const active = path.startsWith(l.href);
        return (
          <li key={l.href}>
            <Link href={l.href} aria-current={active ? "page" : undefined}
              className={`block px-6 py-1.5 ${active ? "bg-owa/10 font-semibold text-eac-dark" : "text-neutral-800 hover:bg-neutral-100"}`}>
              {l.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
