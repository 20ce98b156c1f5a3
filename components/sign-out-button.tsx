"use client";
import { authClient } from "@/lib/auth/client";

export function SignOutButton({ className = "text-eac underline" }: { className?: string }) {
  return (
    <button type="button" className={className}
      onClick={async () => { await authClient.signOut(); window.location.href = "/sign-in"; }}>
      Sign out
    </button>
  );
}
