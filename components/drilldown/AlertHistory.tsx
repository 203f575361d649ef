"use client";

import { AlertBandList } from "@/components/charts/AlertBandList";
import type { AlertBand } from "@/lib/charts/alert-bands";

/** A drill-down's "Alerts in this window": every alert about the GPU or node, with its runbook. */
export function AlertHistory({ bands, loading, notes }: { bands: AlertBand[]; loading: boolean; notes?: Map<string, Record<string, string>> }) {
  return (
    <div className="drilldown-alerts">
      <h2>Alerts in this window</h2>
      {loading ? <p className="muted">…</p> : bands.length === 0 ? <p className="muted">None pending or firing.</p> : <AlertBandList bands={bands} notes={notes} />}
    </div>
  );
}
