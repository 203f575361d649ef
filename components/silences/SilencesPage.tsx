"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { parseFilter } from "@/lib/alerting/alerts";
import { matcherText, type Matcher } from "@/lib/alerting/silences";
import { formatTime } from "@/lib/dashboards/time-range";
import { silenceApi, silenceQueryKeys } from "@/lib/silences/client";
import type { SilenceState, SilenceView } from "@/lib/silences/schema";
import { SilenceForm } from "./SilenceForm";

const STATES: SilenceState[] = ["active", "pending", "expired"];

function relative(ms: number, nowMs: number): string {
  const d = Math.abs(ms - nowMs) / 60_000;
  const text = d < 90 ? `${Math.round(d)} min` : d < 48 * 60 ? `${Math.round(d / 60)} h` : `${Math.round(d / 1440)} d`;
  return ms >= nowMs ? `in ${text}` : `${text} ago`;
}

/** `/silences?state=active&q=…`; `?new=1&matcher=alertname="X"&matcher=…` opens the form prefilled (from an alert). */
export function SilencesPage() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const client = useQueryClient();
  const state = (STATES as string[]).includes(params.get("state") ?? "") ? (params.get("state") as SilenceState) : "active";
  const q = params.get("q") ?? "";
  const prefill: Matcher[] = params.getAll("matcher").flatMap((t) => {
    try {
      return [parseFilter(t)];
    } catch {
      return [];
    }
  });
  const [form, setForm] = useState<{ editing?: SilenceView } | null>(params.get("new") ? {} : null);
  const [search, setSearch] = useState(q);
  const list = useQuery({ queryKey: silenceQueryKeys.list({ state, q }), queryFn: ({ signal }) => silenceApi.list({ state, q }, { signal }), refetchInterval: 30_000 });
  const go = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(params.toString());
    for (const [k, v] of Object.entries(patch)) if (v === null) next.delete(k);
    else next.set(k, v);
    router.push(`${pathname}?${next}`, { scroll: false });
  };
  const act = useMutation({
    mutationFn: (a: { kind: "expire" | "1h" | "4h" | "1d"; s: SilenceView }) => (a.kind === "expire" ? silenceApi.expire(a.s.id, a.s.version) : silenceApi.extend(a.s.id, a.s.version, a.kind)),
    onSettled: () => client.invalidateQueries({ queryKey: silenceQueryKeys.all }),
  });
  const nowMs = Date.now();

  return (
    <section aria-label="Silences" className="silences">
      <div className="dashboard-header">
        <h1>Silences</h1>
        <button type="button" className="btn btn-primary" onClick={() => setForm({})}>
          New silence
        </button>
      </div>
      {form && (
        <SilenceForm
          editing={form.editing}
          matchers={form.editing ? undefined : prefill}
          onCancel={() => {
            setForm(null);
            if (params.get("new")) go({ new: null, matcher: null });
          }}
          onDone={() => {
            setForm(null);
            if (params.get("new")) go({ new: null, matcher: null });
          }}
        />
      )}
      <div className="explore-bar">
        <div role="tablist" aria-label="Silence state">
          {STATES.map((s) => (
            <button key={s} type="button" role="tab" aria-selected={state === s} className={state === s ? "btn btn-small tab-active" : "btn btn-small"} onClick={() => go({ state: s })}>
              {s[0]!.toUpperCase() + s.slice(1)}
            </button>
          ))}
        </div>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            go({ q: search || null });
          }}
        >
          <input aria-label="Search silences" placeholder="search matchers, comment, author" value={search} onChange={(e) => setSearch(e.target.value)} size={32} />
        </form>
      </div>
      {act.error && (
        <p role="alert" className="alert-error">
          {act.error.message}
        </p>
      )}
      {list.error && <p className="alert-error">{list.error.message}</p>}
      {!list.data ? (
        <div className="skeleton" style={{ minHeight: 120 }} aria-busy="true" />
      ) : list.data.length === 0 ? (
        <p className="muted">No {state} silences{q ? ` matching “${q}”` : ""}.</p>
      ) : (
        <ul className="silence-list" aria-label={`${state} silences`}>
          {list.data.map((s) => (
            <SilenceItem key={s.id} s={s} nowMs={nowMs} onEdit={() => setForm({ editing: s })} onAct={(kind) => act.mutate({ kind, s })} busy={act.isPending} />
          ))}
        </ul>
      )}
    </section>
  );
}

function SilenceItem({ s, nowMs, onEdit, onAct, busy }: { s: SilenceView; nowMs: number; onEdit: () => void; onAct: (kind: "expire" | "1h" | "4h" | "1d") => void; busy: boolean }) {
  const [open, setOpen] = useState(false);
  const history = useQuery({ queryKey: silenceQueryKeys.one(s.id), queryFn: ({ signal }) => silenceApi.get(s.id, { signal }), enabled: open });
  const synced = s.sync.filter((x) => x.state === "synced").length;
  const failing = s.sync.find((x) => x.state === "error");
  return (
    <li className="silence-item" data-silence-id={s.id} data-state={s.state}>
      <div className="silence-matchers">
        {s.matchers.map((m) => (
          <span key={matcherText(m)} className="chip">
            {matcherText(m)}
          </span>
        ))}
        {s.origin === "external" && (
          <span className="chip" title="Made in Alertmanager (amtool or its UI); the console keeps it">
            external
          </span>
        )}
      </div>
      <div>
        <strong>{s.comment}</strong> <span className="muted">— {s.createdBy}</span>
        {s.ticketUrl && (
          <>
            {" "}
            · <a href={s.ticketUrl}>ticket</a>
          </>
        )}
      </div>
      <div className="muted">
        {s.state === "pending" ? `starts ${relative(s.startsAt, nowMs)}, ` : ""}
        {s.state === "expired" ? `expired ${relative(s.expiredAt ?? s.endsAt, nowMs)}${s.expiredBy ? ` by ${s.expiredBy}` : ""}` : `ends ${relative(s.endsAt, nowMs)} (${formatTime(s.endsAt, "browser").slice(0, 16)})`} ·{" "}
        <span data-testid="sync-state" className={failing ? "value-bad" : undefined} title={failing?.lastError ?? s.sync.map((x) => `${x.alertmanager}: ${x.amId ?? "—"}`).join("\n")}>
          {failing ? `pending sync: ${failing.lastError}` : synced === s.sync.length ? `in Alertmanager (${synced}/${s.sync.length})` : `pending sync (${synced}/${s.sync.length})`}
        </span>
      </div>
      {s.state !== "expired" && (
        <div className="form-row">
          <button type="button" className="btn btn-small" onClick={onEdit}>
            Edit
          </button>
          {(["1h", "4h", "1d"] as const).map((by) => (
            <button key={by} type="button" className="btn btn-small" disabled={busy} onClick={() => onAct(by)}>
              +{by.replace("h", " h").replace("d", " d")}
            </button>
          ))}
          <button type="button" className="btn btn-small" disabled={busy} onClick={() => onAct("expire")}>
            Expire
          </button>
        </div>
      )}
      <details onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
        <summary>History</summary>
        <ol className="silence-history">
          {history.data?.history.map((h, i) => (
            <li key={i}>
              {formatTime(h.at, "browser").slice(0, 16)} · {h.action} by {h.by}
            </li>
          ))}
        </ol>
      </details>
    </li>
  );
}
