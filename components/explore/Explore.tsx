"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useState } from "react";
import { TimeZoneContext, useTimeZone } from "@/components/charts/time-zone";
import { PanelError } from "@/components/dashboards/Panel";
import { ViewTimeRangePicker } from "@/components/dashboards/TimeRangePicker";
import { PanelView } from "@/components/dashboards/panel-kinds";
import type { InspectInfo } from "@/components/dashboards/use-panel-data";
import { useViewState } from "@/components/dashboards/use-view-state";
import { labelsToString } from "@/lib/charts/matrix-to-series";
import { TimeSeriesPanelSchema } from "@/lib/dashboards/types";
import { formatTime } from "@/lib/dashboards/time-range";
import { fetchHistory, historyKeys, saveHistory } from "@/lib/explore/client";
import { PromError } from "@/lib/prom/errors";
import { datasourceIds, queryInstantAny } from "@/lib/prom/client";
import { promKeys } from "@/lib/prom/keys";
import { PromQLEditor } from "./PromQLEditor";
import { queryKeys } from "@/lib/query-keys";

const DEFAULT_TIME = { from: "now-1h", to: "now" };
type Tab = "graph" | "table";

/**
 * Explore: Prometheus' expression browser inside the console. The query, datasource, tab
 * and window live in the URL (the share link is the address); every run goes through
 * the proxy, so a developer sees their teams' series only; each run is kept in the
 * user's history.
 */
export function Explore() {
  const view = useViewState(DEFAULT_TIME);
  const client = useQueryClient();
  const expr = view.state.vars.expr?.[0] ?? "";
  const datasource = view.state.vars.datasource?.[0] ?? "default";
  const tab: Tab = view.state.vars.tab?.[0] === "table" ? "table" : "graph";
  const [draft, setDraft] = useState(expr);
  const [stats, setStats] = useState<{ info: InspectInfo; loading: boolean; error: Error | null } | null>(null);
  const [copied, setCopied] = useState(false);
  // Back/forward or a history pick: the URL's query becomes the draft.
  useEffect(() => setDraft(expr), [expr]);

  const datasources = useQuery({ queryKey: queryKeys.datasources, queryFn: ({ signal }) => datasourceIds({ signal }), staleTime: 300_000 });
  const history = useQuery({ queryKey: historyKeys.all, queryFn: ({ signal }) => fetchHistory({ signal }) });
  const record = useMutation({ mutationFn: saveHistory, onSuccess: () => client.invalidateQueries({ queryKey: historyKeys.all }) });

  const go = useCallback(
    (patch: { expr?: string; datasource?: string; tab?: Tab }) =>
      view.update({ vars: { expr: [patch.expr ?? expr], datasource: [patch.datasource ?? datasource], tab: [patch.tab ?? tab] } }),
    [view, expr, datasource, tab],
  );
  const run = useCallback(() => {
    const text = draft.trim();
    if (!text) return;
    go({ expr: text });
    record.mutate({ datasource, expr: text });
  }, [draft, go, record, datasource]);

  const panel = useMemo(
    () => TimeSeriesPanelSchema.parse({ kind: "timeseries", id: "explore", title: "Graph", datasource, queries: [{ expr: expr || "vector(0)" }], unit: "none" }),
    [datasource, expr],
  );
  const onInspect = useCallback((info: InspectInfo, state: { loading: boolean; error: Error | null }) => setStats({ info, ...state }), []);
  const copyLink = async () => {
    await navigator.clipboard?.writeText(window.location.href).catch(() => undefined);
    setCopied(true);
    setTimeout(() => setCopied(false), 2_000);
  };

  return (
    <TimeZoneContext.Provider value={view.state.timezone}>
      <section aria-label="Explore" className="explore">
        <div className="dashboard-header">
          <h1>Explore</h1>
          <ViewTimeRangePicker view={view} />
        </div>
        <div className="explore-query">
          <label className="explore-datasource">
            Datasource{" "}
            <select className="btn" value={datasource} onChange={(e) => go({ datasource: e.target.value })}>
              {(datasources.data ?? [datasource]).map((id) => (
                <option key={id} value={id}>
                  {id}
                </option>
              ))}
            </select>
          </label>
          <PromQLEditor value={draft} datasource={datasource} onChange={setDraft} onRun={run} />
          <button type="button" className="btn btn-primary" onClick={run} disabled={!draft.trim()}>
            Run query
          </button>
        </div>
        <div className="explore-bar">
          <div role="tablist" aria-label="Result view">
            {(["graph", "table"] as const).map((t) => (
              <button key={t} type="button" role="tab" aria-selected={tab === t} className={tab === t ? "btn btn-small tab-active" : "btn btn-small"} onClick={() => go({ tab: t })}>
                {t === "graph" ? "Graph" : "Table"}
              </button>
            ))}
          </div>
          {expr && tab === "graph" && <QueryStats stats={stats} />}
          {expr && (
            <button type="button" className="btn btn-small" onClick={copyLink}>
              {copied ? "Link copied" : "Copy share link"}
            </button>
          )}
        </div>
        {!expr ? (
          <p className="muted">Type a PromQL expression and press Enter. Metric names, labels and values complete as you type (Ctrl+Space).</p>
        ) : view.range === null ? (
          <p role="alert" className="alert-error">
            {view.error}
          </p>
        ) : tab === "graph" ? (
          <div className="panels explore-graph" style={{ ["--panel-height" as string]: "420px" }}>
            <PanelView panel={panel} range={view.range} variables={NO_VARIABLES} onInspect={onInspect} onZoom={(from, to) => view.update({ from: String(Math.floor(from)), to: String(Math.ceil(to)) })} />
          </div>
        ) : (
          <ResultTable datasource={datasource} expr={expr} time={view.range.endSeconds} />
        )}
        <QueryHistory entries={history.data ?? []} error={history.error?.message ?? null} onPick={(e) => go({ expr: e.expr, datasource: e.datasource })} />
      </section>
    </TimeZoneContext.Provider>
  );
}

const NO_VARIABLES: Record<string, string[]> = {};

/** The query's step, series, points and time: total, and in the console and upstream (Server-Timing). */
function QueryStats({ stats }: { stats: { info: InspectInfo; loading: boolean; error: Error | null } | null }) {
  const q = stats?.info.queries[0];
  if (!stats || !q || stats.loading) return <span className="muted explore-stats">running…</span>;
  if (stats.error) return null;
  const meta = q.meta;
  return (
    <span className="muted explore-stats" data-testid="query-stats">
      step {q.stepSeconds}s · {q.series} series · {q.points.toLocaleString("en")} points
      {meta && ` · ${Math.round(meta.durationMs)} ms${meta.serverMs !== null ? ` (server ${Math.round(meta.serverMs)} ms)` : ""}${meta.cache ? ` · cache ${meta.cache}` : ""}`}
    </span>
  );
}

/** Prometheus' table view: each series with its labels and value at the window's end. */
function ResultTable({ datasource, expr, time }: { datasource: string; expr: string; time: number }) {
  const spec = { datasource, expr, time };
  const result = useQuery({ queryKey: [...promKeys.instant(spec), "any"], queryFn: ({ signal }) => queryInstantAny(spec, { signal }) });
  const zone = useTimeZone();
  if (result.error) {
    const e = result.error;
    return <PanelError datasource={datasource} errorType={e instanceof PromError ? e.errorType : "error"} message={e.message} />;
  }
  if (!result.data) return <div className="skeleton" style={{ minHeight: 120 }} aria-busy="true" />;
  const data = result.data;
  const rows: { key: string; labels: string; value: string }[] =
    data.resultType === "vector"
      ? data.result.map((s) => ({ key: labelsToString(s.metric), labels: labelsToString(s.metric), value: s.value[1] }))
      : data.resultType === "matrix"
        ? data.result.map((s) => ({ key: labelsToString(s.metric), labels: labelsToString(s.metric), value: s.values.map(([t, v]) => `${v} @${formatTime(t * 1000, zone).slice(11, 19)}`).join("\n") }))
        : [{ key: "scalar", labels: data.resultType, value: data.result[1] }];
  return (
    <div className="table-scroll explore-table">
      <p className="muted">
        {rows.length} {data.resultType === "scalar" || data.resultType === "string" ? data.resultType : "series"} at {formatTime(time * 1000, zone)}
      </p>
      {rows.length === 0 ? (
        <p className="panel-state" data-state="empty">
          Empty result: no series match at this time.
        </p>
      ) : (
        <table className="data-table" aria-label="Query result">
          <thead>
            <tr>
              <th scope="col">Series</th>
              <th scope="col">Value</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, 1000).map((r) => (
              <tr key={r.key}>
                <td>
                  <code>{r.labels}</code>
                </td>
                <td className="num" style={{ whiteSpace: "pre" }}>
                  {r.value}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rows.length > 1000 && <p className="muted">Showing the first 1,000 of {rows.length} series.</p>}
    </div>
  );
}

/** The user's recent queries (kept in Postgres, per user); a click loads and runs one. */
function QueryHistory({ entries, error, onPick }: { entries: { datasource: string; expr: string; runCount: number; lastRunAt: number }[]; error: string | null; onPick: (e: { datasource: string; expr: string }) => void }) {
  const zone = useTimeZone();
  return (
    <details className="explore-history" open={entries.length > 0}>
      <summary>Query history ({entries.length})</summary>
      {error && <p className="alert-error">{error}</p>}
      <ul aria-label="Query history">
        {entries.slice(0, 30).map((e) => (
          <li key={`${e.datasource}|${e.expr}`}>
            <button type="button" className="link-button" onClick={() => onPick(e)} title={`Run on ${e.datasource}`}>
              <code>{e.expr}</code>
            </button>{" "}
            <span className="muted">
              {e.datasource} · {formatTime(e.lastRunAt, zone).slice(0, 16)} · {e.runCount}×
            </span>
          </li>
        ))}
      </ul>
    </details>
  );
}
