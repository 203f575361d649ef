"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { SEVERITIES } from "@/lib/runbooks/model";
import { runbookKeys, searchParamsOf, searchRunbooks } from "@/lib/runbooks/client";
import { headlineParts, type SearchFilters } from "@/lib/runbooks/search";

export interface RunbookSearchProps {
  facets: { teams: string[]; tags: string[]; alerts: string[] };
  canWrite: boolean;
  /** The lookup found nothing for this alert: say so, and offer to write it. */
  missing?: { alertname: string; newPath: string };
}

const KEYS = ["q", "team", "severity", "tag", "alert", "sort"] as const;

/** Search as you type (Postgres full text: ranked, highlighted), filters and sort in the URL. */
export function RunbookSearch({ facets, canWrite, missing }: RunbookSearchProps) {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const initial = missing ? missing.alertname : (params.get("q") ?? "");
  const [text, setText] = useState(initial);
  const [q, setQ] = useState(initial);
  // Typing settles for 150 ms before it becomes the query (and the URL).
  useEffect(() => {
    const t = setTimeout(() => setQ(text), 150);
    return () => clearTimeout(t);
  }, [text]);
  const filters: SearchFilters = {
    q: q || undefined,
    team: params.get("team") || undefined,
    severity: (SEVERITIES as readonly string[]).includes(params.get("severity") ?? "") ? (params.get("severity") as SearchFilters["severity"]) : undefined,
    tag: params.get("tag") || undefined,
    alert: params.get("alert") || undefined,
    sort: params.get("sort") === "recent" ? "recent" : undefined,
  };
  useEffect(() => {
    if (missing) return;
    const next = searchParamsOf({ ...Object.fromEntries(KEYS.map((k) => [k, params.get(k) ?? undefined])), q: q || undefined });
    if (next.toString() !== params.toString()) router.replace(`${pathname}?${next}`, { scroll: false });
  }, [q]); // eslint-disable-line react-hooks/exhaustive-deps
  const results = useQuery({ queryKey: runbookKeys.search(filters), queryFn: ({ signal }) => searchRunbooks(filters, signal), placeholderData: keepPreviousData });
  const setFilter = (key: (typeof KEYS)[number], value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (q) next.set("q", q);
    router.replace(`${missing ? "/runbooks" : pathname}?${next}`, { scroll: false });
  };

  return (
    <section aria-label="Runbooks" className="runbooks">
      <div className="dashboard-header">
        <h1>Runbooks</h1>
        {canWrite && (
          <Link className="btn btn-primary" href="/runbooks/new">
            New runbook
          </Link>
        )}
      </div>
      {missing && (
        <div role="status" className="alert-warning" data-testid="no-runbook">
          No runbook is linked to the alert <code>{missing.alertname}</code> yet. The search below may find a related one.{" "}
          {canWrite ? (
            <Link className="btn btn-primary" href={missing.newPath}>
              Write this runbook
            </Link>
          ) : (
            "Ask an SRE to write it."
          )}
        </div>
      )}
      <div className="form-row runbook-filters">
        <input type="search" aria-label="Search runbooks" placeholder="Search: alert name, symptom, command…" value={text} onChange={(e) => setText(e.target.value)} autoFocus className="input grow" />
        <Facet label="Team" value={filters.team} options={facets.teams} onChange={(v) => setFilter("team", v)} />
        <Facet label="Severity" value={filters.severity} options={[...SEVERITIES]} onChange={(v) => setFilter("severity", v)} />
        <Facet label="Tag" value={filters.tag} options={facets.tags} onChange={(v) => setFilter("tag", v)} />
        <Facet label="Alert" value={filters.alert} options={facets.alerts} onChange={(v) => setFilter("alert", v)} />
        <label>
          Sort{" "}
          <select className="btn" value={filters.sort ?? "relevance"} onChange={(e) => setFilter("sort", e.target.value === "recent" ? "recent" : "")}>
            <option value="relevance">relevance</option>
            <option value="recent">recently updated</option>
          </select>
        </label>
      </div>
      {results.error && <p role="alert" className="alert-error">{results.error.message}</p>}
      <ol className="runbook-results" aria-label="Results" aria-busy={results.isFetching}>
        {(results.data?.runbooks ?? []).map((r) => (
          <li key={r.slug} className="card">
            <Link href={`/runbooks/${r.slug}`} className="runbook-title">
              {r.title}
            </Link>{" "}
            <span className={`severity severity-${r.severity}`}>{r.severity}</span>
            {r.team && <span className="muted"> · {r.team}</span>}
            {r.exactAlert && <span className="chip"> alert name match</span>}
            <div className="muted">
              {r.alertNames.map((a) => (
                <code key={a}>{a} </code>
              ))}
              {r.tags.map((t) => (
                <span key={t} className="tag">
                  {t}
                </span>
              ))}
            </div>
            <p className="runbook-headline">
              {r.headline
                ? headlineParts(r.headline).map((p, i) => (p.hit ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))
                : r.summary}
            </p>
          </li>
        ))}
      </ol>
      {results.data && results.data.runbooks.length === 0 && <p className="muted">No runbook matches.</p>}
    </section>
  );
}

function Facet({ label, value, options, onChange }: { label: string; value: string | undefined; options: string[]; onChange: (value: string) => void }) {
  return (
    <label>
      {label}{" "}
      <select className="btn" value={value ?? ""} onChange={(e) => onChange(e.target.value)}>
        <option value="">any</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}
