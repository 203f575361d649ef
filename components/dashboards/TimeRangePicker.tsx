"use client";

import { QUICK_RANGES, REFRESH_INTERVALS, type Refresh } from "@/lib/dashboards/url-state";

export interface TimeRangePickerProps {
  from: string;
  to: string;
  refresh: Refresh;
  onChange: (range: { from: string; to: string }) => void;
  onShift: (direction: -1 | 1) => void;
  onRefresh: () => void;
  onRefreshChange: (refresh: Refresh) => void;
}

function label(value: string): string {
  return /^\d{10,}$/.test(value) ? new Date(Number(value)).toLocaleString() : value;
}

export function TimeRangePicker({ from, to, refresh, onChange, onShift, onRefresh, onRefreshChange }: TimeRangePickerProps) {
  const known = to === "now" && QUICK_RANGES.some((r) => r.from === from);
  return (
    <div className="time-controls">
      <button type="button" className="btn" aria-label="Earlier" title="Move the window back by its length" onClick={() => onShift(-1)}>
        ◀
      </button>
      <select aria-label="Time range" className="btn" value={known ? from : "custom"} onChange={(e) => onChange({ from: e.target.value, to: "now" })}>
        {!known && <option value="custom">{`${label(from)} – ${label(to)}`}</option>}
        {QUICK_RANGES.map((r) => (
          <option key={r.from} value={r.from}>
            {r.label}
          </option>
        ))}
      </select>
      <button type="button" className="btn" aria-label="Later" title="Move the window forward by its length" onClick={() => onShift(1)}>
        ▶
      </button>
      <button type="button" className="btn" onClick={onRefresh}>
        Refresh
      </button>
      <select aria-label="Auto-refresh" className="btn" value={refresh} onChange={(e) => onRefreshChange(e.target.value as Refresh)}>
        {REFRESH_INTERVALS.map((r) => (
          <option key={r} value={r}>
            {r === "off" ? "Auto-refresh off" : `Every ${r}`}
          </option>
        ))}
      </select>
    </div>
  );
}
