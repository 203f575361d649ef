"use client";

export interface TimeRangePickerProps {
  from: string;
  to: string;
  onChange: (range: { from: string; to: string }) => void;
  onRefresh: () => void;
}

const QUICK_RANGES = [
  { from: "now-15m", label: "Last 15 minutes" },
  { from: "now-1h", label: "Last 1 hour" },
  { from: "now-6h", label: "Last 6 hours" },
  { from: "now-24h", label: "Last 24 hours" },
  { from: "now-7d", label: "Last 7 days" },
];

export function TimeRangePicker({ from, to, onChange, onRefresh }: TimeRangePickerProps) {
  const known = to === "now" && QUICK_RANGES.some((r) => r.from === from);
  return (
    <div style={{ display: "flex", gap: 8 }}>
      <select
        aria-label="Time range"
        className="btn"
        value={known ? from : "custom"}
        onChange={(e) => onChange({ from: e.target.value, to: "now" })}
      >
        {!known && <option value="custom">{`${from} to ${to}`}</option>}
        {QUICK_RANGES.map((r) => (
          <option key={r.from} value={r.from}>
            {r.label}
          </option>
        ))}
      </select>
      <button type="button" className="btn" onClick={onRefresh}>
        Refresh
      </button>
    </div>
  );
}
