import Link from "next/link";
import { SignOutButton } from "@/components/sign-out-button";

export default function Forbidden() {
  return (
    <main className="mx-auto mt-24 max-w-md">
      <h1 className="mb-3 text-3xl font-light">You don&apos;t have permission</h1>
      <p className="mb-4">The Exchange admin center is for administrators. Your own voice mail and notifications are in <Link className="text-eac underline" href="/owa">Options</Link>.</p>
      <SignOutButton />
    </main>
  );
}
