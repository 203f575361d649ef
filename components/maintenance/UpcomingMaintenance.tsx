"use client";

import { useQuery } from "@tanstack/react-query";
import { matcherText } from "@/lib/alerting/silences";
import { formatTime } from "@/lib/dashboards/time-range";
import { maintenanceApi, maintenanceKeys } from "@/lib/maintenance/client";
import { upcomingByWindow } from "@/lib/maintenance/model";

/**
 * On the alerts page, above the alerts and kept short: one line per window on now or due in
 * the coming week (on now first, then soonest), with its next occurrence, how many more
 * follow this week, and what it silences — a nightly window is one line, not seven.
 */
export function UpcomingMaintenance() {
  const list = useQuery({ queryKey: maintenanceKeys.all, queryFn: ({ signal }) => maintenanceApi.list({ signal }), refetchInterval: 60_000 });
  const nowMs = Date.now();
  const rows = upcomingByWindow(list.data ?? [], nowMs).slice(0, 6);
  if (rows.length === 0) return null;
  return (
    <aside className="card upcoming-maintenance" aria-label="Upcoming maintenance">
      <h2>
        Maintenance on now or this week <a href="/maintenance" className="muted">all windows</a>
      </h2>
      <ul className="plain">
        {rows.map(({ window: w, next, more, onNow }) => (
          <li key={w.id} data-testid="upcoming-window">
            <strong>{w.name}</strong> {onNow ? <span className="tag">on now</span> : null} {formatTime(next.startsAt, "browser").slice(0, 16)} → {formatTime(next.endsAt, "browser").slice(5, 16)}
            {more > 0 ? <span className="muted"> · {more} more this week</span> : null} <code>{w.matchers.map(matcherText).join(", ")}</code>
            {w.covers && w.covers.alerts > 0 ? <span className="muted"> · would silence {w.covers.alerts} alert{w.covers.alerts === 1 ? "" : "s"} now</span> : null}
          </li>
        ))}
      </ul>
    </aside>
  );
}
