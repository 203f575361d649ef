"use client";

import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { errorFromResponse } from "@/lib/api/client-errors";
import type { TestedRoute } from "@/lib/routing/running";

async function fetchTest(labels: string[], signal: AbortSignal): Promise<{ labels: Record<string, string>; routes: TestedRoute[] }> {
  const response = await fetch(`/api/routing/test?${new URLSearchParams(labels.map((l) => ["label", l]))}`, { signal, credentials: "same-origin" });
  if (!response.ok) throw await errorFromResponse(response);
  return response.json();
}

/** Give an alert's labels; see which routes of the running Alertmanager config it reaches, the path to each, and who gets it. */
export function RouteTester() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const labels = params.getAll("label");
  const [text, setText] = useState(labels.join(", "));
  const result = useQuery({ queryKey: ["routing-test", labels], queryFn: ({ signal }) => fetchTest(labels, signal), enabled: labels.length > 0, retry: false });
  return (
    <section aria-label="Route tester" className="settings">
      <h1>Route tester</h1>
      <p className="muted">Labels of an alert, comma-separated (team=inference, severity=critical). The routes are those of the Alertmanager running now.</p>
      <form
        className="form-row"
        onSubmit={(e) => {
          e.preventDefault();
          const next = text.split(",").map((t) => t.trim()).filter(Boolean);
          router.push(`${pathname}?${new URLSearchParams(next.map((l) => ["label", l]))}`);
        }}
      >
        <input aria-label="Alert labels" value={text} onChange={(e) => setText(e.target.value)} size={60} />
        <button type="submit" className="btn btn-primary">
          Test
        </button>
      </form>
      {result.error && (
        <p role="alert" className="alert-error">
          {result.error.message}
        </p>
      )}
      {result.data && (
        <ol className="silence-list" aria-label="Matched routes">
          {result.data.routes.map((r) => (
            <li key={r.path.join(".")} className="silence-item" data-receiver={r.receiver}>
              <div>
                <strong>{r.receiver}</strong> {r.continue && <span className="chip">continue</span>}
              </div>
              <div className="muted" data-testid="route-path">
                {["route", ...r.chain.map((m) => (m.length ? m.join(", ") : "(any)"))].join(" › ")}
              </div>
              <div className="muted">
                group by {r.groupBy.join(", ") || "—"} · wait {r.groupWait} · interval {r.groupInterval} · repeat {r.repeatInterval}
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
