import "server-only";
import { alertmanagerUrls, getEnv } from "@/lib/api/env";
import { Lease } from "@/lib/db/lease";
import { LOCKS } from "@/lib/db/lock";
import { materialize } from "@/lib/maintenance/service";
import { consoleMetrics } from "@/lib/metrics/console";
import { reconcile } from "./sync";

/**
 * The silence reconciler of this server process (and the maintenance windows' scheduler,
 * which makes the silences it then writes): a pass at start, then every
 * SILENCE_SYNC_INTERVAL_MS (30 s; 0 switches the loop off), on the one replica that holds
 * the background lease (lib/db/lease.ts; the others take it over within an interval when
 * it goes). Passes never overlap, in this process or across replicas (sync.ts' advisory
 * lock): a write's own pass (syncSoon) runs on whichever replica took the write.
 * Returns a stop function (tests start their own loop on their own Alertmanagers).
 */
export function startReconciler(opts: { alertmanagers?: string[]; intervalMs?: number; lease?: Lease | null } = {}): () => void {
  const env = getEnv();
  const intervalMs = opts.intervalMs ?? env.SILENCE_SYNC_INTERVAL_MS;
  if (intervalMs === 0) return () => undefined;
  const alertmanagers = opts.alertmanagers ?? alertmanagerUrls(env);
  // Maintenance windows first, under the same lock (one pass across every replica): the
  // silences of occurrences now due are then written in the same pass.
  const materializeDue = () =>
    materialize()
      .then((m) => {
        consoleMetrics().maintenancePasses.inc({ result: m.failed ? "partial" : "ok" });
        if (m.failed) console.warn(`maintenance windows: ${m.failed} occurrence silences could not be made (see /maintenance)`);
      })
      .catch((error) => {
        consoleMetrics().maintenancePasses.inc({ result: "error" });
        console.error("maintenance windows:", (error as Error).message);
      });
  const lease = opts.lease === undefined ? new Lease(LOCKS.backgroundLoops) : opts.lease;
  const pass = () =>
    reconcile({ alertmanagers, before: materializeDue })
      .then((reports) => {
        for (const r of reports) if (r.error) console.warn(`silence sync: ${r.alertmanager}: ${r.error}`);
      })
      .catch((error) => console.error("silence sync failed:", (error as Error).message));
  const run = async () => {
    if (!lease || (await lease.held())) await pass();
  };
  void run();
  const timer = setInterval(() => void run(), intervalMs);
  timer.unref?.();
  return () => {
    clearInterval(timer);
    void lease?.release();
  };
}

/** The server's one loop (instrumentation.ts): started once per process. */
export function startServerReconciler(): void {
  const g = globalThis as unknown as { silenceReconcilerStop?: () => void };
  g.silenceReconcilerStop ??= startReconciler();
}
