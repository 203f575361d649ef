"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { alertKeys, alertmanagerOutage, fetchAlerts } from "@/lib/alerting/alerts-client";
import { escapeRegex } from "@/lib/prom/regex";

/** The alerts a runbook answers, each with how many are firing or pending now (live from Alertmanager and Prometheus). */
export function LinkedAlerts({ links, live }: { links: { alertname: string; text: string }[]; live: boolean }) {
  const names = [...new Set(links.map((l) => l.alertname))].sort();
  const filters = [`alertname=~"${names.map(escapeRegex).join("|")}"`];
  const alerts = useQuery({ queryKey: alertKeys.list(filters), queryFn: ({ signal }) => fetchAlerts(filters, { signal }), enabled: live, refetchInterval: 30_000 });
  const amDown = !!alerts.data && alertmanagerOutage(alerts.data).down;
  const count = (name: string, state: "firing" | "pending") => alerts.data?.alerts.filter((a) => a.labels.alertname === name && a.state === state).length ?? 0;
  return (
    <>
      <ul className="plain" data-testid="linked-alerts">
        {links.map((l, i) => (
          <li key={i}>
            <code>{l.text}</code>{" "}
            {live && alerts.data && !amDown && (
              <Link href={`/alerts?filter=${encodeURIComponent(`alertname=${l.alertname}`)}`} className={count(l.alertname, "firing") ? "state-firing" : "muted"}>
                {count(l.alertname, "firing") ? `${count(l.alertname, "firing")} firing` : "not firing"}
                {count(l.alertname, "pending") ? `, ${count(l.alertname, "pending")} pending` : ""}
              </Link>
            )}
          </li>
        ))}
      </ul>
      {!live && <p className="muted">Live alert state is shown to developers, SREs and admins.</p>}
      {live && alerts.isPending && <p className="muted">Asking Alertmanager…</p>}
      {live && alerts.error && <p className="muted">Live state unavailable: {alerts.error.message}</p>}
      {live && alerts.data && alerts.data.errors.length > 0 && <p className="muted">{amDown ? "Live state unavailable" : "Partial"}: {alerts.data.errors.map((e) => `${e.source}: ${e.message}`).join("; ")}</p>}
    </>
  );
}
