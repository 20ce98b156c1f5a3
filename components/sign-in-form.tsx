"use client";
import { useState } from "react";
import { useSearchParams } from "next/navigation";
import { authClient } from "@/lib/auth/client";
import { Button } from "./ui/button";
import { TextField } from "./ui/field";

export function SignInForm() {
  const next = useSearchParams().get("next");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    const r = await authClient.signIn.email({ email: email.trim(), password });
    setBusy(false);
    // One message for unknown user and wrong password: don't reveal which accounts exist.
    if (r.error) return setError(r.error.status === 429 ? "Too many attempts. Wait a minute and try again." : "The email address or password is incorrect.");
    // Only same-site paths: a "next" pointing elsewhere would be an open redirect.
    window.location.href = next && next.startsWith("/") && !next.startsWith("//") ? next : "/";
  }

  return (
    <form onSubmit={submit} noValidate>
      <TextField label="Email address" type="email" name="email" autoComplete="username" value={email} onChange={setEmail} />
      <TextField label="Password" type="password" name="password" autoComplete="current-password" value={password} onChange={setPassword} error={error} />
      <Button type="submit" variant="primary" disabled={busy || !email || !password}>{busy ? "Signing in…" : "Sign in"}</Button>
    </form>
  );
}
