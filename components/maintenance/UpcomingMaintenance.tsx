"use client";

import { useQuery } from "@tanstack/react-query";
import { matcherText } from "@/lib/alerting/silences";
import { formatTime } from "@/lib/dashboards/time-range";
import { maintenanceApi, maintenanceKeys } from "@/lib/maintenance/client";

/** On the alerts page: maintenance on now and in the coming week, soonest first, with what each silences. */
export function UpcomingMaintenance() {
  const list = useQuery({ queryKey: maintenanceKeys.all, queryFn: ({ signal }) => maintenanceApi.list({ signal }), refetchInterval: 60_000 });
  const items = (list.data ?? [])
    .flatMap((w) => w.upcoming.map((o) => ({ w, o })))
    .sort((a, b) => a.o.startsAt - b.o.startsAt)
    .slice(0, 8);
  if (items.length === 0) return null;
  const nowMs = Date.now();
  return (
    <aside className="upcoming-maintenance" aria-label="Upcoming maintenance">
      <h2>
        Maintenance, coming week <a href="/maintenance" className="muted">all windows</a>
      </h2>
      <ul>
        {items.map(({ w, o }) => (
          <li key={`${w.id}@${o.startsAt}`} data-testid="upcoming-occurrence">
            <strong>{w.name}</strong> {o.startsAt <= nowMs ? <span className="tag">on now</span> : null} {formatTime(o.startsAt, "browser").slice(0, 16)} → {formatTime(o.endsAt, "browser").slice(5, 16)}{" "}
            <code>{w.matchers.map(matcherText).join(", ")}</code>
            {w.covers && w.covers.alerts > 0 ? <span className="muted"> · would silence {w.covers.alerts} alert{w.covers.alerts === 1 ? "" : "s"} now</span> : null}
          </li>
        ))}
      </ul>
    </aside>
  );
}
