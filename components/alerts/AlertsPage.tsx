"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { commonLabels, durationSince as since, GROUP_BY, groupAlerts, parseFilter, type GroupBy } from "@/lib/alerting/alerts";
import { silenceFormPath } from "@/lib/alerting/silence-link";
import { runbookLookupPath } from "@/lib/runbooks/model";
import { drillDownFor } from "@/lib/dashboards/drilldown";
import { formatTime } from "@/lib/dashboards/time-range";
import { alertKeys, fetchAlerts, type AlertsPayload } from "@/lib/alerting/alerts-client";
import { safeHref } from "@/lib/security/url";
import { decodeXidsInText } from "@/lib/xid/catalogue";
import { useXidCatalogue } from "@/lib/xid/client";
import { UpcomingMaintenance } from "../maintenance/UpcomingMaintenance";

const HIDDEN = new Set(["alertname", "severity"]);

type Alert = AlertsPayload["alerts"][number];

/** Where "chart" goes: the GPU or node at the alert's time, or a model's developer dashboard. */
function chartLink(a: Alert, nowMs: number): string | null {
  const window = { fromMs: a.since, toMs: nowMs };
  const thing = drillDownFor(a.labels, window);
  if (thing) return thing.href;
  if (a.labels.model_name) return `/developer?var-model=${encodeURIComponent(a.labels.model_name)}&from=${Math.floor(a.since - 900_000)}&to=now`;
  return null;
}


/**
 * On-call's list: firing alerts from every Alertmanager and pending ones from
 * Prometheus, grouped by alert name, team or severity, filtered by matchers in the URL
 * (`?filter=team=ml&filter=severity=critical&group=team`), refreshed every 15 s.
 */
export function AlertsPage() {
  const xids = useXidCatalogue();
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const filters = params.getAll("filter");
  const by: GroupBy = (GROUP_BY as readonly string[]).includes(params.get("group") ?? "") ? (params.get("group") as GroupBy) : "alertname";
  const [draft, setDraft] = useState("");
  const [draftError, setDraftError] = useState<string | null>(null);
  const data = useQuery({ queryKey: alertKeys.list(filters), queryFn: ({ signal }) => fetchAlerts(filters, { signal }), refetchInterval: 15_000 });
  const go = (next: { filters?: string[]; group?: GroupBy }) => {
    const p = new URLSearchParams();
    p.set("group", next.group ?? by);
    for (const f of next.filters ?? filters) p.append("filter", f);
    router.push(`${pathname}?${p}`, { scroll: false });
  };
  const addFilter = (text: string) => {
    try {
      parseFilter(text);
    } catch (error) {
      setDraftError((error as Error).message);
      return;
    }
    setDraftError(null);
    setDraft("");
    if (!filters.includes(text)) go({ filters: [...filters, text] });
  };
  const nowMs = data.dataUpdatedAt || Date.now();
  const groups = data.data ? groupAlerts(data.data.alerts, by).map((g) => ({ ...g, shared: commonLabels(g.alerts) })) : [];
  const byFingerprint = new Map((data.data?.alerts ?? []).map((a) => [a.key, a]));

  return (
    <section aria-label="Alerts" className="alerts">
      <div className="dashboard-header">
        <h1>Alerts</h1>
        <span className="muted" data-testid="alerts-updated">
          {data.data ? `updated ${formatTime(nowMs, "browser").slice(11, 19)} · every 15 s` : ""}
        </span>
      </div>
      <UpcomingMaintenance />
      <div className="explore-bar">
        <label>
          Group by{" "}
          <select className="btn" aria-label="Group by" value={by} onChange={(e) => go({ group: e.target.value as GroupBy })}>
            {GROUP_BY.map((g) => (
              <option key={g} value={g}>
                {g === "alertname" ? "alert name" : g}
              </option>
            ))}
          </select>
        </label>
        <div className="alert-labels" aria-label="Filters">
          {filters.map((f) => (
            <span key={f} className="chip">
              {f}{" "}
              <button type="button" className="link-button" aria-label={`Remove filter ${f}`} onClick={() => go({ filters: filters.filter((x) => x !== f) })}>
                ×
              </button>
            </span>
          ))}
        </div>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (draft.trim()) addFilter(draft.trim());
          }}
        >
          <input className="filter-input" aria-label="Add filter" placeholder="team=ml-research, severity=critical…" value={draft} onChange={(e) => setDraft(e.target.value)} size={30} />
        </form>
        {draftError && <span className="value-bad">{draftError}</span>}
      </div>
      {data.error && (
        <p role="alert" className="alert-error">
          {data.error.message}
        </p>
      )}
      {data.data?.errors.map((e) => (
        <p key={e.source} role="alert" className="alert-error">
          {e.source} did not answer ({e.message}): the list may be missing its alerts.
        </p>
      ))}
      {!data.data ? (
        <div className="skeleton" style={{ minHeight: 160 }} aria-busy="true" />
      ) : groups.length === 0 ? (
        <p className="panel-state panel-healthy" data-state="healthy">
          Nothing is firing or pending{filters.length ? " for these filters" : ""}.
        </p>
      ) : (
        groups.map((g) => (
          <section key={g.key} className="alert-group" aria-label={`${by} ${g.key}`} data-severity={g.severity}>
            <h2>
              <span className={`severity severity-${g.severity}`}>{g.severity}</span> {g.key}{" "}
              <span className="muted">
                {g.firing} firing · {g.pending} pending · {g.suppressed} suppressed
              </span>
            </h2>
            <div className="alert-labels group-labels" aria-label="Labels of every alert in the group">
              {Object.entries(g.shared)
                .filter(([k]) => !HIDDEN.has(k) && k !== by)
                .sort(([x], [y]) => x.localeCompare(y))
                .map(([k, v]) => (
                  <button key={k} type="button" className="chip chip-button muted" title={`Filter on ${k}="${v}"`} onClick={() => addFilter(`${k}=${v}`)}>
                    {k}={v}
                  </button>
                ))}
            </div>
            <ul className="alert-list">
              {g.alerts.map((a) => {
                const chart = chartLink(a, nowMs);
                return (
                  <li key={a.key} className="alert-item" data-state={a.suppressed ? "suppressed" : a.state} data-alertname={a.labels.alertname}>
                    <div className="alert-labels">
                      <span className={`chip state-${a.suppressed ? "suppressed" : a.state}`}>{a.suppressed ? "suppressed" : a.state}</span>
                      {by !== "alertname" && <strong>{a.labels.alertname}</strong>}
                      {Object.entries(a.labels)
                        .filter(([k]) => !HIDDEN.has(k) && (g.alerts.length === 1 || !(k in g.shared)))
                        .sort(([x], [y]) => x.localeCompare(y))
                        .map(([k, v]) => (
                          <button key={k} type="button" className="chip chip-button" title={`Filter on ${k}="${v}"`} onClick={() => addFilter(`${k}=${v}`)}>
                            {k}={v}
                          </button>
                        ))}
                      <span className="muted">for {since(a.since, nowMs)}</span>
                    </div>
                    {a.annotations.summary && <div>{decodeXidsInText(a.annotations.summary, xids)}</div>}
                    {a.suppressed && (
                      <div className="muted">
                        {a.silences.length > 0 && (
                          <>
                            silenced by{" "}
                            {a.silences.map((s) => (
                              <Link key={s.amId} href={s.silenceId ? `/silences?state=active&q=${encodeURIComponent(s.silenceId)}` : "/silences"}>
                                {s.silenceId ? "a silence" : `silence ${s.amId.slice(0, 8)}`}
                              </Link>
                            ))}
                          </>
                        )}
                        {a.suppressed.inhibitedBy.length > 0 && ` inhibited by ${a.suppressed.inhibitedBy.map((f) => byFingerprint.get(f)?.labels.alertname ?? f.slice(0, 8)).join(", ")}`}
                      </div>
                    )}
                    <div className="form-row">
                      <a href={safeHref(a.annotations.runbook_url) ?? runbookLookupPath(a.labels)}>runbook</a>
                      {!a.suppressed && <Link href={silenceFormPath(a.labels)}>silence</Link>}
                      {chart && <Link href={chart}>chart</Link>}
                    </div>
                  </li>
                );
              })}
            </ul>
          </section>
        ))
      )}
    </section>
  );
}
