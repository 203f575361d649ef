import "server-only";
import { Counter, Gauge, Registry, collectDefaultMetrics } from "prom-client";

/**
 * The console's own metrics (meta-monitoring), one registry served at /api/metrics: the
 * process (`console_process_*`), the proxy's (lib/prom/proxy/metrics.ts registers there),
 * and the background loops and sign-ins here. The Console dashboard and the alerts in
 * deploy/prometheus/rules/alerts.yml (group `console`) read them.
 */
function build() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "console_" });
  return {
    registry,
    syncPasses: new Counter({ name: "console_silence_sync_passes_total", help: "Silence sync passes per Alertmanager, by result (ok: every copy written; error: the Alertmanager failed).", labelNames: ["alertmanager", "result"], registers: [registry] }),
    syncLastSuccess: new Gauge({ name: "console_silence_sync_last_success_timestamp_seconds", help: "When a silence sync pass last reached each Alertmanager (the sync lag is time() minus this).", labelNames: ["alertmanager"], registers: [registry] }),
    alertmanagerUp: new Gauge({ name: "console_alertmanager_up", help: "Whether the last silence sync pass reached each Alertmanager (1) or not (0).", labelNames: ["alertmanager"], registers: [registry] }),
    maintenancePasses: new Counter({ name: "console_maintenance_passes_total", help: "Maintenance-window passes (occurrences made into silences), by result.", labelNames: ["result"], registers: [registry] }),
    signIns: new Counter({ name: "console_sign_ins_total", help: "Sign-in attempts by method (password, sso) and result (success, failure).", labelNames: ["method", "result"], registers: [registry] }),
  };
}

/** The label values known up front, at 0 from the start: a series born at 1 would never show its first rise to rate() or increase(). */
function zeroed(m: ReturnType<typeof build>): ReturnType<typeof build> {
  for (const method of ["password", "sso"]) for (const result of ["success", "failure"]) m.signIns.inc({ method, result }, 0);
  for (const result of ["ok", "partial", "error"]) m.maintenancePasses.inc({ result }, 0);
  return m;
}

const holder = globalThis as unknown as { consoleMetrics?: ReturnType<typeof build> };

export function consoleMetrics(): ReturnType<typeof build> {
  holder.consoleMetrics ??= zeroed(build());
  return holder.consoleMetrics;
}
