"use client";

import { useQueries } from "@tanstack/react-query";
import { useTimeZone } from "@/components/charts/time-zone";
import { runbookLookupPath } from "@/lib/runbooks/model";
import { bandValue, expandTemplate, RULE_QUERY, usesValue } from "@/lib/alerting/rule-annotations";
import { queryInstant } from "@/lib/prom/client";
import { promKeys } from "@/lib/prom/keys";
import { silenceFormPath } from "@/lib/alerting/silence-link";
import type { SilenceBand } from "@/lib/alerting/silences";
import type { AlertBand } from "@/lib/charts/alert-bands";
import { drillDownFor } from "@/lib/dashboards/drilldown";
import { formatTime } from "@/lib/dashboards/time-range";
import { safeHref } from "@/lib/security/url";

export interface AlertBandListProps {
  bands: AlertBand[];
  /** Alert rule annotations by alert name (summary, runbook_url templates). */
  notes?: Map<string, Record<string, string>>;
}

const SHOWN = 8;

/**
 * Each band's value, for summaries that print it (`is at {{ $value }} °C`): the rule's own
 * query at the band's end (now, for a band still firing), through the proxy, one request
 * per alert and instant, shared by every panel that draws the band. Undefined while asked;
 * null when the query no longer returns the alert's series.
 */
function useBandValues(bands: readonly AlertBand[], notes: Map<string, Record<string, string>> | undefined): Map<string, number | null | undefined> {
  const wanted = bands.filter((b) => {
    const note = notes?.get(b.interval.alertname);
    return note?.[RULE_QUERY] && note.summary && usesValue(note.summary);
  });
  const specs = wanted.map((b) => {
    const span = b.interval.toMs - b.interval.fromMs;
    const atMs = Math.min(Date.now(), Math.max(b.interval.fromMs, b.interval.toMs - Math.max(60_000, span / 10)));
    return { datasource: "default", expr: notes!.get(b.interval.alertname)![RULE_QUERY]!, time: Math.floor(atMs / 15_000) * 15 };
  });
  const results = useQueries({
    queries: specs.map((spec) => ({ queryKey: promKeys.instant(spec), queryFn: ({ signal }: { signal: AbortSignal }) => queryInstant(spec, { signal }), staleTime: 60_000, retry: false })),
  });
  return new Map(wanted.map((b, i) => [b.key, results[i]?.data ? bandValue(results[i]!.data!.result, b.interval.labels) : results[i]?.isError ? null : undefined]));
}

/** A band's summary with its value; none while the value is asked or when it cannot be had (never "…" in its place). */
function summaryOf(note: Record<string, string> | undefined, b: AlertBand, values: Map<string, number | null | undefined>): string {
  if (!note?.summary) return "";
  if (!values.has(b.key)) return expandTemplate(note.summary, b.interval.labels);
  const value = values.get(b.key);
  return value === undefined || value === null ? "" : expandTemplate(note.summary, b.interval.labels, value);
}

/** The alert bands of a panel as text: what, on which series, when; its summary, runbook and a silence. */
export function AlertBandList({ bands, notes }: AlertBandListProps) {
  const zone = useTimeZone();
  const values = useBandValues(bands.slice(0, SHOWN), notes);
  if (bands.length === 0) return null;
  return (
    <ul className="alert-bands" aria-label="Alerts in this range">
      {bands.slice(0, SHOWN).map((b) => {
        const note = notes?.get(b.interval.alertname);
        const summary = summaryOf(note, b, values);
        // The rule's runbook_url, else the console's lookup for the alert (every alert has one click to its runbook).
        const runbook = (note?.runbook_url ? safeHref(expandTemplate(note.runbook_url, b.interval.labels)) : null) ?? runbookLookupPath({ alertname: b.interval.alertname, ...b.interval.labels });
        const open = drillDownFor(b.interval.labels, b.interval);
        return (
          <li
            key={b.key}
            data-alertname={b.interval.alertname}
            data-state={b.interval.state}
            data-from-ms={b.interval.fromMs}
            data-to-ms={b.interval.toMs}
            title={b.seriesNames.join(", ")}
          >
            <span className="swatch" style={{ background: b.color.replace(/[\d.]+\)$/, "0.9)") }} />
            <strong>{b.interval.alertname}</strong> {b.interval.state} · {b.seriesNames.length === 1 ? b.seriesNames[0] : `${b.seriesNames.length} series`} ·{" "}
            {formatTime(b.interval.fromMs, zone).slice(11, 16)}–{formatTime(b.interval.toMs, zone).slice(11, 16)}
            {summary && <span className="summary"> — {summary}</span>}
            <a className="band-action" href={runbook}>
              runbook
            </a>
            {open && (
              <a className="band-action" href={open.href}>
                {open.title}
              </a>
            )}
            <a className="band-action" href={silenceFormPath(b.interval.labels)}>
              silence
            </a>
          </li>
        );
      })}
      {bands.length > SHOWN && <li className="more">+{bands.length - SHOWN} more</li>}
    </ul>
  );
}

/** The silences drawn hatched on a panel: what they match, why, who, until when. */
export function SilenceBandList({ bands }: { bands: SilenceBand[] }) {
  const zone = useTimeZone();
  if (bands.length === 0) return null;
  return (
    <ul className="alert-bands" aria-label="Silences in this range">
      {bands.map((b) => (
        <li key={b.id} data-silence-id={b.id} title={b.seriesNames.join(", ")}>
          <span className="swatch hatch" />
          <strong>silenced</strong> <code>{b.matchers}</code> · {b.seriesNames.length === 1 ? b.seriesNames[0] : `${b.seriesNames.length} series`} · until{" "}
          {formatTime(b.toMs, zone).slice(11, 16)} · {b.comment} ({b.createdBy})
        </li>
      ))}
    </ul>
  );
}

/** While the pointer is over a chart: the alerts and silences at that instant, with summary and since/until. */
export function BandsAt({
  bands,
  silences,
  atMs,
  toleranceMs = 0,
  notes,
}: {
  bands: AlertBand[];
  silences: SilenceBand[];
  atMs: number | null;
  /** A few pixels' worth of time: a band a step wide stays easy to hit. */
  toleranceMs?: number;
  notes?: Map<string, Record<string, string>>;
}) {
  const zone = useTimeZone();
  const near = (from: number, to: number) => atMs !== null && from - toleranceMs <= atMs && atMs < to + toleranceMs;
  const alerts = bands.filter((b) => near(b.interval.fromMs, b.interval.toMs));
  const values = useBandValues(alerts.slice(0, 4), notes);
  if (atMs === null) return null;
  const silenced = silences.filter((b) => near(b.fromMs, b.toMs));
  if (alerts.length === 0 && silenced.length === 0) return null;
  const hm = (ms: number) => formatTime(ms, zone).slice(11, 16);
  return (
    <div className="bands-at" role="status" aria-label="Alerts at the pointer">
      {alerts.slice(0, 4).map((b) => {
        const summary = summaryOf(notes?.get(b.interval.alertname), b, values);
        return (
          <div key={b.key}>
            <span className="swatch" style={{ background: b.color.replace(/[\d.]+\)$/, "0.9)") }} />
            <strong>{b.interval.alertname}</strong> {b.interval.state} {hm(b.interval.fromMs)}–{hm(b.interval.toMs)}
            {summary && <div className="muted">{summary}</div>}
          </div>
        );
      })}
      {silenced.slice(0, 2).map((b) => (
        <div key={b.id}>
          <span className="swatch hatch" /> silenced until {hm(b.toMs)}: {b.comment}
        </div>
      ))}
    </div>
  );
}
