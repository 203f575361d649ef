/**
 * Next.js calls this once per server process: the Node server checks the single sign-on
 * settings (a malformed OIDC_GROUP_MAP stops it at start, naming the field, rather than
 * failing each sign-in) and starts the silence reconciler.
 */
export async function register() {
  // Written this way so the Edge bundle drops the import (Next.js' documented pattern).
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { ssoConfig } = await import("./lib/auth/sso");
    ssoConfig(process.env);
    const { startServerReconciler } = await import("./lib/silences/reconciler");
    startServerReconciler();
  }
}
