"use client";

import { useState } from "react";
import { parseTimeInput, resolveRange, timeInputText, TimeRangeError } from "@/lib/dashboards/time-range";
import { QUICK_RANGES, REFRESH_INTERVALS, type Refresh, type TimeZone, type ViewState } from "@/lib/dashboards/url-state";

export interface TimeRangePickerProps {
  from: string;
  to: string;
  refresh: Refresh;
  timezone: TimeZone;
  onChange: (range: { from: string; to: string }) => void;
  onShift: (direction: -1 | 1) => void;
  onRefresh: () => void;
  onRefreshChange: (refresh: Refresh) => void;
  onTimeZoneChange: (zone: TimeZone) => void;
}

/** The picker bound to a page's URL view state (useViewState): dashboards and Explore. */
export function ViewTimeRangePicker({ view }: { view: ViewStateControls }) {
  return (
    <TimeRangePicker
      from={view.state.from}
      to={view.state.to}
      refresh={view.state.refresh}
      timezone={view.state.timezone}
      onTimeZoneChange={(timezone) => view.update({ timezone })}
      onChange={view.update}
      onShift={view.shift}
      onRefresh={view.refresh}
      onRefreshChange={(refresh) => view.update({ refresh })}
    />
  );
}

interface ViewStateControls {
  state: ViewState;
  update: (patch: Partial<ViewState>) => void;
  shift: (direction: -1 | 1) => void;
  refresh: () => void;
}

export function TimeRangePicker(props: TimeRangePickerProps) {
  const { from, to, refresh, timezone, onChange, onShift, onRefresh, onRefreshChange, onTimeZoneChange } = props;
  const known = to === "now" && QUICK_RANGES.some((r) => r.from === from);
  const [open, setOpen] = useState(false);
  return (
    <div className="time-controls">
      <button type="button" className="btn" aria-label="Earlier" title="Move the window back by its length" onClick={() => onShift(-1)}>
        ◀
      </button>
      <select aria-label="Time range" className="btn" value={known ? from : "custom"} onChange={(e) => onChange({ from: e.target.value, to: "now" })}>
        {!known && <option value="custom">{`${timeInputText(from, timezone)} – ${timeInputText(to, timezone)}`}</option>}
        {QUICK_RANGES.map((r) => (
          <option key={r.from} value={r.from}>
            {r.label}
          </option>
        ))}
      </select>
      <div className="popover-anchor">
        <button type="button" className="btn" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
          Absolute…
        </button>
        {open && (
          <AbsoluteRangeForm
            from={from}
            to={to}
            timezone={timezone}
            onApply={(range) => {
              setOpen(false);
              onChange(range);
            }}
            onCancel={() => setOpen(false)}
          />
        )}
      </div>
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
      <select aria-label="Time zone" className="btn" value={timezone} onChange={(e) => onTimeZoneChange(e.target.value as TimeZone)}>
        <option value="browser">Browser time</option>
        <option value="utc">UTC</option>
      </select>
    </div>
  );
}

/** From and To as dates and times in the dashboard's zone (or relative: now-6h); errors name the field. */
function AbsoluteRangeForm({ from, to, timezone, onApply, onCancel }: { from: string; to: string; timezone: TimeZone; onApply: (r: { from: string; to: string }) => void; onCancel: () => void }) {
  const [fromText, setFromText] = useState(timeInputText(from, timezone));
  const [toText, setToText] = useState(timeInputText(to, timezone));
  const [error, setError] = useState<{ field: "from" | "to"; message: string } | null>(null);

  function apply(e: React.FormEvent) {
    e.preventDefault();
    const now = Date.now();
    let range: { from: string; to: string };
    try {
      range = { from: parseTimeInput(fromText, timezone, now), to: "" };
    } catch (err) {
      if (err instanceof TimeRangeError) return setError({ field: "from", message: err.message });
      throw err;
    }
    try {
      range.to = parseTimeInput(toText, timezone, now);
      resolveRange(range.from, range.to, now);
    } catch (err) {
      if (err instanceof TimeRangeError) return setError({ field: "to", message: err.message });
      throw err;
    }
    onApply(range);
  }

  return (
    <form className="popover" aria-label="Absolute time range" onSubmit={apply}>
      <label>
        From
        <input value={fromText} onChange={(e) => setFromText(e.target.value)} aria-invalid={error?.field === "from"} placeholder="2026-11-23 09:00:00" />
      </label>
      <label>
        To
        <input value={toText} onChange={(e) => setToText(e.target.value)} aria-invalid={error?.field === "to"} placeholder="now" />
      </label>
      <p className="muted">{timezone === "utc" ? "Times in UTC." : "Times in your browser's zone."} Relative times (now-6h) work too.</p>
      {error && (
        <p role="alert" className="variable-error">
          {error.field === "from" ? "From" : "To"}: {error.message}
        </p>
      )}
      <div style={{ display: "flex", gap: 8 }}>
        <button type="submit" className="btn btn-primary">
          Apply
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
