"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useMemo, useState } from "react";
import { PanelView } from "@/components/dashboards/panel-kinds";
import { IDENTIFYING_LABELS } from "@/lib/alerting/alert-intervals";
import { durationSince } from "@/lib/alerting/alerts";
import { alertKeys, alertmanagerOutage, fetchAlerts } from "@/lib/alerting/alerts-client";
import { silenceFormPath } from "@/lib/alerting/silence-link";
import { TimeSeriesPanelSchema } from "@/lib/dashboards/types";
import { resolveRange } from "@/lib/dashboards/time-range";
import { fetchAlertRules } from "@/lib/prom/client";
import { promKeys } from "@/lib/prom/keys";
import type { Labels } from "@/lib/prom/schemas";
import { affectedSeriesQuery, explorePath } from "@/lib/runbooks/context";
import { decodeXidsInText } from "@/lib/xid/catalogue";
import { useXidCatalogue } from "@/lib/xid/client";

const NO_VARIABLES: Record<string, string[]> = {};

function legendOf(labels: Labels): string | undefined {
  const names = IDENTIFYING_LABELS.filter((n) => labels[n]);
  return names.length ? names.map((n) => `{{${n}}}`).join(" ") : undefined;
}

/**
 * The alert's live context on its runbook: its labels, whether it fires now and since
 * when (Alertmanager), and a chart of the affected series over the last hour (the rule's
 * expression from Prometheus, narrowed to the alert's labels). When the monitoring stack
 * does not answer, it says so plainly — the runbook below comes from the console's
 * own database and is there either way.
 */
export function AlertContext({ labels, canSeeAlerts }: { labels: Labels; canSeeAlerts: boolean }) {
  const xids = useXidCatalogue();
  const alertname = labels.alertname ?? "";
  const filters = useMemo(() => Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`), [labels]);
  const alerts = useQuery({ queryKey: alertKeys.list(filters), queryFn: ({ signal }) => fetchAlerts(filters, { signal }), enabled: canSeeAlerts, refetchInterval: 30_000, retry: false });
  const rules = useQuery({ queryKey: promKeys.rules("default"), queryFn: ({ signal }) => fetchAlertRules("default", { signal }), retry: 2, retryDelay: 500, staleTime: 60_000 });
  const [nowMs] = useState(() => Date.now());
  const range = useMemo(() => resolveRange("now-1h", "now", nowMs), [nowMs]);

  const rule = rules.data?.groups.flatMap((g) => g.rules).find((r) => r.type !== "recording" && r.name === alertname);
  const affected = rule?.query ? affectedSeriesQuery(rule.query, labels) : null;
  const panel = useMemo(
    () =>
      affected
        ? TimeSeriesPanelSchema.parse({
            kind: "timeseries",
            id: "affected-series",
            title: "Affected series, last hour",
            description: `${affected.expr}${affected.threshold !== null ? ` (the rule fires beyond ${affected.threshold})` : ""}`,
            // The series by the labels that name it in the alert (`us-east-gpu-002 3`), not by every label.
            queries: [{ expr: affected.expr, legend: legendOf(labels) }],
            unit: "none",
            thresholds: affected.threshold !== null ? [{ value: affected.threshold, color: "#f2495c" }] : [],
          })
        : null,
    [affected?.expr, affected?.threshold, labels], // eslint-disable-line react-hooks/exhaustive-deps
  );

  // Prometheus is down if any of its answers says so: the rules (the proxy may still hold
  // them in its cache), the chart's range query, or the pending alerts behind /api/alerts.
  const [chartError, setChartError] = useState<string | null>(null);
  const onInspect = useCallback((_info: unknown, state: { error: Error | null }) => setChartError(state.error?.message ?? null), []);
  const promError = rules.error?.message ?? chartError ?? alerts.data?.errors.find((e) => e.source.startsWith("Prometheus"))?.message ?? null;
  const outage = alerts.data ? alertmanagerOutage(alerts.data) : { down: false, errors: [] };
  const amErrors = outage.errors;
  const amDown = alerts.error !== null || outage.down;
  const promDown = promError !== null;
  const matching = alerts.data?.alerts ?? [];
  const firing = matching.filter((a) => a.state === "firing");
  const unavailable = [promDown && `Prometheus: ${promError}`, canSeeAlerts && amDown && `Alertmanager: ${alerts.error?.message ?? amErrors.map((e) => e.message).join("; ")}`].filter(Boolean) as string[];

  return (
    <section className="card alert-context" aria-label="Alert context">
      <h2>
        Alert <code>{alertname}</code>
      </h2>
      <p className="label-chips">
        {Object.entries(labels)
          .filter(([k]) => k !== "alertname")
          .map(([k, v]) => (
            <span key={k} className="chip">
              {k}={v}
            </span>
          ))}
      </p>
      {unavailable.length > 0 && (
        <p role="status" className="alert-warning" data-testid="live-unavailable">
          Live data unavailable — {unavailable.join(" · ")}. This runbook is served from the console&apos;s own database; the commands below are filled from the alert&apos;s labels.
        </p>
      )}
      <div data-testid="live-state">
        {!canSeeAlerts ? (
          <p className="muted">Live alert state is shown to developers, SREs and admins.</p>
        ) : alerts.isPending ? (
          <p className="muted">Asking Alertmanager…</p>
        ) : amDown ? null : firing.length > 0 ? (
          <ul className="plain">
            {firing.map((a) => (
              <li key={a.key}>
                <span className="state-firing">firing</span> since {new Date(a.since).toLocaleString()} ({durationSince(a.since, nowMs)})
                {a.suppressed && <span className="muted"> · silenced or inhibited</span>}
                {a.annotations.summary && <> · {decodeXidsInText(a.annotations.summary, xids)}</>} {!a.suppressed && <Link href={silenceFormPath(a.labels)}>silence</Link>}
              </li>
            ))}
          </ul>
        ) : matching.length > 0 ? (
          <p>
            <span className="state-pending">pending</span> since {new Date(matching[0]!.since).toLocaleString()} ({durationSince(matching[0]!.since, nowMs)})
          </p>
        ) : (
          <p className="muted">Not firing now with these labels (resolved, or the link is from an old notification).</p>
        )}
      </div>
      {panel ? (
        <>
          <div className="panels alert-context-chart" style={{ ["--panel-height" as string]: "240px" }}>
            <PanelView panel={panel} range={range} variables={NO_VARIABLES} onInspect={onInspect} />
          </div>
          <Link className="btn btn-small" href={explorePath(affected!.expr)}>
            Open the query in Explore
          </Link>
        </>
      ) : (
        !promDown && rules.data && <p className="muted">No alerting rule named {alertname} in Prometheus, so there is no series to chart.</p>
      )}
    </section>
  );
}
