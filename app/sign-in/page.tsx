import { Suspense } from "react";
import { SignInForm } from "@/components/sign-in-form";

export default function SignInPage() {
  return (
    <main className="flex min-h-screen items-center justify-center bg-neutral-100">
      <div className="w-[380px] bg-white p-8 shadow">
        <h1 className="mb-1 text-2xl font-light">Lamplighter</h1>
        <p className="mb-6 text-neutral-600">Sign in with your work email address.</p>
        <Suspense><SignInForm /></Suspense>
      </div>
    </main>
  );
}
