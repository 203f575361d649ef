"use client";

import type { AlertBand } from "@/lib/charts/alert-bands";

export interface AlertBandListProps {
  bands: AlertBand[];
}

function time(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

const SHOWN = 8;

/** The alert bands of a panel as text: what, on which series, when (the chart shows where). */
export function AlertBandList({ bands }: AlertBandListProps) {
  if (bands.length === 0) return null;
  return (
    <ul className="alert-bands" aria-label="Alerts in this range">
      {bands.slice(0, SHOWN).map((b) => (
        <li key={b.key} data-alertname={b.interval.alertname} data-state={b.interval.state} title={b.seriesNames.join(", ")}>
          <span className="swatch" style={{ background: b.color.replace(/[\d.]+\)$/, "0.9)") }} />
          <strong>{b.interval.alertname}</strong> {b.interval.state} · {b.seriesNames.length === 1 ? b.seriesNames[0] : `${b.seriesNames.length} series`} ·{" "}
          {time(b.interval.fromMs)}–{time(b.interval.toMs)}
        </li>
      ))}
      {bands.length > SHOWN && <li className="more">+{bands.length - SHOWN} more</li>}
    </ul>
  );
}
