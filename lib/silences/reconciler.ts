import "server-only";
import { alertmanagerUrls, getEnv } from "@/lib/api/env";
import { materialize } from "@/lib/maintenance/service";
import { reconcile } from "./sync";

/**
 * The silence reconciler of this server process (and the maintenance windows' scheduler,
 * which makes the silences it then writes): a pass at start, then every
 * SILENCE_SYNC_INTERVAL_MS (30 s; 0 switches the loop off). Passes never overlap, in
 * this process or across replicas (sync.ts' advisory lock).
 * Returns a stop function (tests start their own loop on their own Alertmanagers).
 */
export function startReconciler(opts: { alertmanagers?: string[]; intervalMs?: number } = {}): () => void {
  const env = getEnv();
  const intervalMs = opts.intervalMs ?? env.SILENCE_SYNC_INTERVAL_MS;
  if (intervalMs === 0) return () => undefined;
  const alertmanagers = opts.alertmanagers ?? alertmanagerUrls(env);
  // Maintenance windows first, under the same lock (one pass across every replica): the
  // silences of occurrences now due are then written in the same pass.
  const materializeDue = () =>
    materialize()
      .then((m) => {
        if (m.failed) console.warn(`maintenance windows: ${m.failed} occurrence silences could not be made (see /maintenance)`);
      })
      .catch((error) => console.error("maintenance windows:", (error as Error).message));
  const run = () =>
    reconcile({ alertmanagers, before: materializeDue })
      .then((reports) => {
        for (const r of reports) if (r.error) console.warn(`silence sync: ${r.alertmanager}: ${r.error}`);
      })
      .catch((error) => console.error("silence sync failed:", (error as Error).message));
  void run();
  const timer = setInterval(run, intervalMs);
  timer.unref?.();
  return () => clearInterval(timer);
}

/** The server's one loop (instrumentation.ts): started once per process. */
export function startServerReconciler(): void {
  const g = globalThis as unknown as { silenceReconcilerStop?: () => void };
  g.silenceReconcilerStop ??= startReconciler();
}
