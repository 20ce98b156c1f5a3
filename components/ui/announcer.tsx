"use client";
// Success and failure messages, announced to screen readers (role=status / alert) and shown
// briefly at the top of the page.
import { createContext, useCallback, useContext, useRef, useState } from "react";

type Tone = "success" | "error";
const Ctx = createContext<(message: string, tone?: Tone) => void>(() => undefined);

export function useAnnounce() {
  return useContext(Ctx);
}

export function AnnouncerProvider({ children }: { children: React.ReactNode }) {
  const [msg, setMsg] = useState<{ text: string; tone: Tone } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const announce = useCallback((text: string, tone: Tone = "success") => {
    setMsg({ text, tone });
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setMsg(null), 6_000);
  }, []);
  return (
    <Ctx.Provider value={announce}>
      {children}
      <div role={msg?.tone === "error" ? "alert" : "status"} aria-live={msg?.tone === "error" ? "assertive" : "polite"}
        className="pointer-events-none fixed top-12 right-4 z-50">
        {msg && (
          <p data-testid="announcement" className={`border px-4 py-2 shadow ${msg.tone === "error" ? "border-red-300 bg-red-50 text-red-800" : "border-green-300 bg-green-50 text-green-900"}`}>
            {msg.text}
          </p>
        )}
      </div>
    </Ctx.Provider>
  );
}
