"use client";

import Link from "next/link";
import { useDashboardContext } from "@/components/dashboards/dashboard-context";
import { AlertHistory } from "./AlertHistory";
import { XidValue } from "./XidValue";
import { alertBands } from "@/lib/charts/alert-bands";
import { formatValue } from "@/lib/charts/units";
import { interpolate } from "@/lib/dashboards/variables";
import type { LABEL_SPELLINGS, LabelSpelling } from "@/lib/metrics/labels";
import { decodeThrottleReasons, throttleShares } from "@/lib/metrics/throttle";
import { useAlertHistory, useInstantLabels, useWindowSamples } from "./use-summary-queries";

export interface GpuSummaryProps {
  /** The GPU's matchers with the page's fixed variables (`UUID=~"$uuid", Hostname=~"$node", gpu=~"$gpu"`), in the fleet's spelling. */
  selector: string;
  /** How the fleet spells the labels read here. */
  labels: (typeof LABEL_SPELLINGS)[LabelSpelling];
}

/**
 * Above a GPU's panels: which card it is and where, the job on it, its throttle reasons
 * decoded by name (now, and each one's share of the window), its health and last XID,
 * and every alert about it in the window with its runbook.
 */
export function GpuSummary({ selector, labels }: GpuSummaryProps) {
  const { range, variables, notes } = useDashboardContext();
  const sel = interpolate(selector, variables);
  const identity = useInstantLabels(`DCGM_FI_DEV_GPU_UTIL{${sel}}`, range);
  const job = useInstantLabels(`gpu_job_info{${sel}}`, range);
  const health = useInstantLabels(`max(DCGM_EXP_GPU_HEALTH_STATUS{${sel}})`, range);
  const xid = useInstantLabels(`max(DCGM_FI_DEV_XID_ERRORS{${sel}})`, range);
  const throttle = useWindowSamples(`max(DCGM_FI_DEV_CLOCK_THROTTLE_REASONS{${sel}})`, range);
  const gpu = identity.data?.[0]?.labels ?? null;
  const alerts = useAlertHistory(gpu, range);

  if (identity.isPending) return <div className="drilldown-summary skeleton" style={{ minHeight: 120 }} aria-busy="true" />;
  if (identity.error) return <p className="alert-error">This GPU&apos;s series could not be read: {identity.error.message}</p>;
  if (!gpu) return <p className="alert-error" role="alert">No GPU reports under this name in the window ({sel}). It may have fallen off the bus, or the name is wrong.</p>;

  const host = gpu[labels.host] ?? "";
  const samples = throttle.data?.matrix.result[0]?.values.map(([, v]) => Number(v)) ?? [];
  const now = samples.length > 0 ? decodeThrottleReasons(samples[samples.length - 1]!) : [];
  const shares = throttleShares(samples);
  const jobs = job.data ?? [];
  const healthValue = health.data?.[0]?.value;
  const xidValue = xid.data?.[0]?.value;
  const bands = alertBands(alerts.intervals, [{ id: "gpu", name: `${host} GPU ${gpu.gpu ?? ""}`, labels: gpu, points: [] }]);

  return (
    <div className="drilldown-summary" aria-label="GPU summary">
      <dl className="facts">
        <dt>Model</dt>
        <dd>{gpu.modelName ?? "—"}</dd>
        <dt>Node</dt>
        <dd>
          <Link href={`/nodes/${encodeURIComponent(host)}`}>{host}</Link> · GPU {gpu.gpu}
        </dd>
        <dt>UUID</dt>
        <dd>
          <code>{gpu[labels.uuid]}</code>
        </dd>
        <dt>PCI bus</dt>
        <dd>{gpu.pci_bus_id ?? "—"}</dd>
        <dt>Cluster / rack</dt>
        <dd>
          {gpu.cluster ?? "—"} / {gpu.rack ?? "—"}
        </dd>
        <dt>Driver</dt>
        <dd>{gpu.DCGM_FI_DRIVER_VERSION ?? "—"}</dd>
      </dl>
      <dl className="facts">
        <dt>Job</dt>
        <dd data-testid="gpu-job">
          {jobs.length > 0
            ? jobs.map((j) => (
                <span key={j.labels.job_id ?? j.labels.pod}>
                  <strong>{j.labels.job_name}</strong> ({j.labels.team}) · {j.labels.namespace}/{j.labels.pod}
                </span>
              ))
            : gpu[labels.pod]
              ? `${gpu[labels.namespace] ?? ""}/${gpu[labels.pod]}`
              : "none: the GPU is not allocated"}
        </dd>
        <dt>Health</dt>
        <dd className={healthValue ? "value-bad" : undefined}>{healthValue === undefined ? "not reported" : healthValue === 0 ? "healthy (0)" : `not healthy (${healthValue})`}</dd>
        <dt>Last XID</dt>
        <XidValue value={xidValue} />
        <dt>Throttling now</dt>
        <dd data-testid="throttle-now">
          {throttle.isPending ? "…" : now.length === 0 ? "none (full clocks)" : now.map((r) => <span key={r.bit} className={r.benign ? "chip" : "chip chip-bad"}>{r.name}</span>)}
        </dd>
        <dt>In this window</dt>
        <dd data-testid="throttle-window">
          {shares.length === 0
            ? "no throttling"
            : shares.map((r) => (
                <span key={r.bit} className={r.benign ? "chip" : "chip chip-bad"} title={`bit 0x${r.bit.toString(16)}`}>
                  {r.name} {formatValue(100 * r.share, "percent")}
                </span>
              ))}
        </dd>
      </dl>
      <AlertHistory bands={bands} loading={alerts.loading} notes={notes} />
    </div>
  );
}
