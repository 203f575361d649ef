"use client";

import { useDashboardContext } from "@/components/dashboards/dashboard-context";
import { AlertHistory } from "./AlertHistory";
import { alertBands } from "@/lib/charts/alert-bands";
import { interpolate } from "@/lib/dashboards/variables";
import { useAlertHistory, useInstantLabels } from "./use-summary-queries";

export interface NodeSummaryProps {
  /** The fleet's host label (`Hostname`, `hostname`). */
  hostLabel: string;
}

/** Above a node's panels: where it is, what GPUs it has and how many report, and every alert about it (or its GPUs) in the window. */
export function NodeSummary({ hostLabel }: NodeSummaryProps) {
  const { range, variables, notes } = useDashboardContext();
  const gpus = useInstantLabels(interpolate(`DCGM_FI_DEV_GPU_UTIL{${hostLabel}=~"$node"}`, variables), range);
  const up = useInstantLabels(interpolate('up{instance=~"($node):.*"}', variables), range);
  const node = variables.node?.[0] ?? "";
  // Alerts about the node itself (by host, or by its exporters' instance) and about any of its GPUs.
  const about = node ? { [hostLabel]: node } : null;
  const byHost = useAlertHistory(about, range);

  if (gpus.isPending) return <div className="drilldown-summary skeleton" style={{ minHeight: 100 }} aria-busy="true" />;
  if (gpus.error) return <p className="alert-error">This node&apos;s series could not be read: {gpus.error.message}</p>;
  const first = gpus.data?.[0]?.labels;
  const models = [...new Set((gpus.data ?? []).map((g) => g.labels.modelName).filter(Boolean))];
  const targets = up.data ?? [];
  const bands = alertBands(byHost.intervals, [{ id: "node", name: node, labels: { [hostLabel]: node }, points: [] }]);

  return (
    <div className="drilldown-summary" aria-label="Node summary">
      <dl className="facts">
        <dt>Cluster / rack</dt>
        <dd>
          {first?.cluster ?? "—"} / {first?.rack ?? "—"}
        </dd>
        <dt>GPUs reporting</dt>
        <dd data-testid="node-gpus">
          {gpus.data?.length ?? 0} {models.length > 0 && `× ${models.join(", ")}`}
        </dd>
        <dt>Exporters</dt>
        <dd>
          {targets.length === 0
            ? "no scrape target found"
            : targets.map((t) => (
                <span key={t.labels.instance} className={t.value === 1 ? "chip" : "chip chip-bad"}>
                  {t.labels.job} {t.value === 1 ? "up" : "down"}
                </span>
              ))}
        </dd>
      </dl>
      <AlertHistory bands={bands} loading={byHost.loading} notes={notes} />
    </div>
  );
}
