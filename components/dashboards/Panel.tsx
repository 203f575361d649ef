"use client";

import { useEffect, useRef, useState, type ReactNode, type RefObject } from "react";
import { formatTime } from "@/lib/dashboards/time-range";
import { PromError } from "@/lib/prom/errors";
import { longTermNote } from "@/lib/prom/stores";
import { oldestStale, staleStamp } from "@/lib/prom/stale";
import type { TimeZone } from "@/lib/dashboards/url-state";
import { useTimeZone } from "../charts/time-zone";
import { InspectDialog } from "./InspectDialog";
import type { InspectInfo } from "./use-panel-data";

/** The clock, re-read every `everyMs` (null: not ticking), for stamps that say "N min ago". */
function useNow(everyMs: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    setNow(Date.now());
    if (everyMs === null) return;
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

export interface PanelProps {
  id: string;
  title: string;
  description?: string;
  wide?: boolean;
  /** The queries as sent and what came back (the inspect view). */
  inspect?: InspectInfo;
  /** The panel's data as CSV, for download. */
  csv?: () => string | null;
  /** The chart as a PNG data URL, for download. */
  png?: RefObject<(() => string | null) | null>;
  /** Panel links (drill-downs built from the variables and the range). */
  links?: { title: string; href: string }[];
  /** Panel-specific menu entries (e.g. the forecast overlay). */
  actions?: { label: string; run: () => void }[];
  children: ReactNode;
}

function download(filename: string, href: string) {
  const a = document.createElement("a");
  a.href = href;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
}

/** The frame every panel shares: title, description tooltip, menu (full screen, inspect, CSV, PNG), body. */
export function Panel({ id, title, description, wide, inspect, csv, png, actions, links, children }: PanelProps) {
  const [fullscreen, setFullscreen] = useState(false);
  const [inspecting, setInspecting] = useState(false);
  const menu = useRef<HTMLDetailsElement>(null);

  useEffect(() => {
    if (!fullscreen && !inspecting) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      if (inspecting) setInspecting(false);
      else setFullscreen(false);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [fullscreen, inspecting]);

  const act = (fn: () => void) => () => {
    menu.current?.removeAttribute("open");
    fn();
  };
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
  // Data that came with warnings (one replica of an HA pair down, a fan-out member failed): drawn, but said so.
  const warnings = [...new Set(inspect?.queries.flatMap((q) => q.meta?.warnings ?? []) ?? [])];
  // The datasource is unreachable and the proxy answered with what it last knew: stamped with its age, never passed off as live.
  const stale = oldestStale(inspect?.queries.map((q) => q.meta?.stale) ?? []);
  const zone = useTimeZone();
  const now = useNow(stale ? 30_000 : null);
  const source = inspect?.datasource === "default" ? "Prometheus" : `datasource "${inspect?.datasource}"`;
  // A tiered datasource answered (part of) the window from its long-term store: said, so a figure is not taken for Prometheus' own.
  const longTerm = longTermNote(inspect?.queries.flatMap((q) => q.meta?.stores ?? []) ?? []);
  // A recording rule younger than the window, with no raw equivalent to run: never a silent partial figure.
  const partial = latestPartial(inspect);

  return (
    <article
      className={["panel", wide ? "panel-wide" : "", fullscreen ? "panel-fullscreen" : ""].filter(Boolean).join(" ")}
      aria-labelledby={`panel-${id}-title`}
      data-panel-id={id}
      aria-modal={fullscreen || undefined}
      data-stale={stale ? stale.asOfMs : undefined}
    >
      <header className="panel-header">
        <h2 id={`panel-${id}-title`}>{title}</h2>
        {description && (
          <span className="info" title={description} aria-label={description}>
            i
          </span>
        )}
        <span style={{ flex: 1 }} />
        {fullscreen && (
          <button type="button" className="btn btn-small" onClick={() => setFullscreen(false)}>
            Exit full screen
          </button>
        )}
        <details className="panel-menu" ref={menu}>
          <summary aria-label={`Menu of ${title}`}>⋮</summary>
          <div role="menu">
            <button type="button" role="menuitem" onClick={act(() => setFullscreen((f) => !f))}>
              {fullscreen ? "Exit full screen" : "View full screen"}
            </button>
            {links?.map((l) => (
              // The time range in the link is "now" on the server and a moment later in the browser.
              <a key={l.title} role="menuitem" href={l.href} suppressHydrationWarning>
                {l.title}
              </a>
            ))}
            {actions?.map((a) => (
              <button key={a.label} type="button" role="menuitem" onClick={act(a.run)}>
                {a.label}
              </button>
            ))}
            {inspect && (
              <button type="button" role="menuitem" onClick={act(() => setInspecting(true))}>
                Inspect query
              </button>
            )}
            {csv && (
              <button
                type="button"
                role="menuitem"
                onClick={act(() => {
                  const text = csv();
                  if (text !== null) download(`${id}-${stamp}.csv`, URL.createObjectURL(new Blob([text], { type: "text/csv" })));
                })}
              >
                Download CSV
              </button>
            )}
            {png && (
              <button
                type="button"
                role="menuitem"
                onClick={act(() => {
                  const url = png.current?.();
                  if (url) download(`${id}-${stamp}.png`, url);
                })}
              >
                Download PNG
              </button>
            )}
          </div>
        </details>
      </header>
      {stale && (
        <p className="panel-stale" role="status" data-testid="panel-stale" title={`Not live. ${stale.reason}`}>
          {staleStamp(stale.asOfMs, now, (ms) => formatTime(ms, zone).slice(11, 16))} — {source} unreachable
        </p>
      )}
      {longTerm && (
        <p className="panel-store" role="status" data-testid="panel-store">
          {longTerm}
        </p>
      )}
      {partial && (
        <p
          className="panel-warning"
          role="status"
          data-testid="panel-partial"
          data-since={partial.sinceMs}
          title={`The window starts earlier, but ${partial.because === "data" ? "the series this figure reads begin" : "the recording rule it reads started"} ${formatTime(partial.sinceMs, zone).slice(0, 16)}: the figure covers only since then.`}
        >
          Covers only since {sinceText(partial.sinceMs, now, zone)} ({partial.because === "data" ? "its data begins then" : "recording rule started then"})
        </p>
      )}
      {warnings.length > 0 && (
        <p className="panel-warning" role="status" title={warnings.join("\n")}>
          ⚠ Partial data: {warnings.join("; ")}
        </p>
      )}
      <div className="panel-body">{children}</div>
      {inspecting && inspect && <InspectDialog title={title} info={inspect} onClose={() => setInspecting(false)} />}
    </article>
  );
}

/** The latest instant since which one of the panel's queries covers its window, and why; null when all cover it. */
function latestPartial(inspect: InspectInfo | undefined): { sinceMs: number; because: "rule" | "data" } | null {
  let latest: { sinceMs: number; because: "rule" | "data" } | null = null;
  for (const q of inspect?.queries ?? []) {
    const c = q.coverage;
    if (c?.partialSinceMs != null && (!latest || c.partialSinceMs > latest.sinceMs)) latest = { sinceMs: c.partialSinceMs, because: c.partialBecause ?? "rule" };
  }
  return latest;
}

/** "14:02" today, "2026-12-03 14:02" before. */
function sinceText(ms: number, now: number, zone: TimeZone): string {
  const text = formatTime(ms, zone);
  return text.slice(0, 10) === formatTime(now, zone).slice(0, 10) ? text.slice(11, 16) : text.slice(0, 16);
}

/** The frame props of a panel definition. */
export function frameOf(panel: { id: string; title: string; description?: string; wide?: boolean }) {
  return { id: panel.id, title: panel.title, description: panel.description, wide: panel.wide };
}

export interface PanelBodyProps {
  bodyRef?: RefObject<HTMLDivElement | null>;
  datasource: string;
  error: Error | null | undefined;
  loading: boolean;
  /** The same query's newest cached answer is drawn while the new window's loads (a refresh never blanks a panel). */
  refreshing?: boolean;
  empty: boolean;
  emptyText: string;
  /** An empty answer is good news ("no targets down"), shown as such rather than as "no data". */
  emptyIsHealthy?: boolean;
  loadingMinHeight?: number;
  children: ReactNode;
}

/** The states every panel has: the query's error (naming the datasource), a skeleton, "no data", else the content. */
export function PanelBody({ bodyRef, datasource, error, loading, refreshing = false, empty, emptyText, emptyIsHealthy = false, loadingMinHeight, children }: PanelBodyProps) {
  return (
    <div ref={bodyRef} className="panel-content" aria-busy={loading || refreshing}>
      {error ? (
        <PanelError datasource={datasource} errorType={error instanceof PromError ? error.errorType : "error"} message={error.message} />
      ) : loading ? (
        <div className="skeleton" style={loadingMinHeight ? { minHeight: loadingMinHeight } : undefined} data-state="loading" aria-label="Loading" />
      ) : empty ? (
        <div className={emptyIsHealthy ? "panel-state panel-healthy" : "panel-state"} data-state={emptyIsHealthy ? "healthy" : "empty"}>
          {emptyText}
        </div>
      ) : (
        children
      )}
    </div>
  );
}

const ERROR_HEADLINES: Record<string, string> = { unavailable: "Datasource unreachable", timeout: "Datasource timed out" };

export function PanelError({ datasource, message, errorType }: { datasource: string; message: string; errorType: string }) {
  return (
    <div className="panel-state panel-error" role="alert" data-state="error" data-error-type={errorType}>
      <div>
        {ERROR_HEADLINES[errorType] ?? "Query failed"}: <strong>{datasource}</strong> ({errorType})<code>{message}</code>
      </div>
    </div>
  );
}
