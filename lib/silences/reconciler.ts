import "server-only";
import { alertmanagerUrls, getEnv } from "@/lib/api/env";
import { reconcile } from "./sync";

let timer: ReturnType<typeof setInterval> | undefined;

/**
 * The silence reconciler of this server process: a pass at start, then every
 * SILENCE_SYNC_INTERVAL_MS (30 s; 0 switches the loop off). Passes never overlap.
 */
export function startReconciler(): void {
  const env = getEnv();
  if (timer || env.SILENCE_SYNC_INTERVAL_MS === 0) return;
  const run = () =>
    reconcile({ alertmanagers: alertmanagerUrls(env) })
      .then((reports) => {
        for (const r of reports) if (r.error) console.warn(`silence sync: ${r.alertmanager}: ${r.error}`);
      })
      .catch((error) => console.error("silence sync failed:", (error as Error).message));
  void run();
  timer = setInterval(run, env.SILENCE_SYNC_INTERVAL_MS);
  timer.unref?.();
}
