/** Next.js calls this once per server process: the Node server starts the silence reconciler. */
export async function register() {
  // Written this way so the Edge bundle drops the import (Next.js' documented pattern).
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startServerReconciler } = await import("./lib/silences/reconciler");
    startServerReconciler();
  }
}
