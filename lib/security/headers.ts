/**
 * Edge-safe (imported by proxy.ts): the console's response headers, its
 * Content-Security-Policy, the origin check of mutating requests and the body limit.
 */

/** Request bodies larger than this are refused with 413 (a routing model or a runbook is far smaller). */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Scripts only from this origin and with this response's nonce (Next.js puts it on its
 * own scripts; 'strict-dynamic' lets them load their chunks); no inline script, no
 * plugin, no framing. Styles allow inline attributes: ECharts and CodeMirror set them
 * (a style cannot run code). Development adds 'unsafe-eval' for React's refresh.
 */
export function contentSecurityPolicy(nonce: string, dev = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Headers on every response. */
export const SECURITY_HEADERS: Record<string, string> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "X-Frame-Options": "DENY",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
};

/**
 * HTTP Strict Transport Security, only on an answer that went out over https (the console
 * itself on TLS, or a TLS terminator in front saying so with X-Forwarded-Proto): browsers
 * then never try plain http for a year. Over http it would mean nothing, so it is not sent.
 */
export const HSTS = "max-age=31536000; includeSubDomains";

export function servedOverHttps(protocol: string, forwardedProto: string | null): boolean {
  return protocol === "https:" || forwardedProto?.split(",")[0]?.trim().toLowerCase() === "https";
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Refuses a state-changing request a browser sent from another site (CSRF): its Origin
 * must be the console's own, or, without an Origin header, Sec-Fetch-Site must not say
 * cross-site. Clients that are not browsers (curl, Grafana's backend, promtool) send
 * neither and pass; they authenticate with a token, which a page on another site cannot
 * send. Returns why it is refused, or null.
 */
export function crossSiteRefusal(req: { method: string; origin: string | null; secFetchSite: string | null; ownOrigins: string[] }): string | null {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return null;
  if (req.origin !== null) {
    if (req.ownOrigins.includes(req.origin.toLowerCase())) return null;
    return `cross-origin ${req.method} refused: Origin ${req.origin} is not this console`;
  }
  if (req.secFetchSite && !["same-origin", "none"].includes(req.secFetchSite)) return `cross-site ${req.method} refused (Sec-Fetch-Site: ${req.secFetchSite})`;
  return null;
}

/** The origins this console answers as: the Host it was reached at (either scheme) and NEXTAUTH_URL's. */
export function ownOrigins(host: string | null, nextAuthUrl: string | undefined): string[] {
  const out: string[] = [];
  if (host) out.push(`http://${host}`.toLowerCase(), `https://${host}`.toLowerCase());
  if (nextAuthUrl) {
    try {
      out.push(new URL(nextAuthUrl).origin.toLowerCase());
    } catch {
      // an invalid NEXTAUTH_URL is reported by env validation
    }
  }
  return out;
}
