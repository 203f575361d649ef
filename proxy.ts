import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { isPublicPath } from "@/lib/auth/permissions";
import { contentSecurityPolicy, crossSiteRefusal, HSTS, MAX_BODY_BYTES, ownOrigins, SECURITY_HEADERS, servedOverHttps } from "@/lib/security/headers";

/**
 * The first gate, on every request: security headers (HSTS when served over https) and a
 * per-request CSP nonce; a
 * state-changing request from another site → 403; a body over the limit → 413;
 * signed-out page requests → /login, API requests without a session or a bearer token
 * → 401 JSON. Route handlers and pages then check the role against the permission table.
 * Public: what the table marks "public" (/login, /api/auth/*, /api/health).
 */
export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const isApi = pathname.startsWith("/api/");
  const https = servedOverHttps(request.nextUrl.protocol, request.headers.get("x-forwarded-proto"));
  const withHeaders = (response: NextResponse) => secured(response, https);
  const refuse = (status: number, code: string, message: string) =>
    withHeaders(
      pathname.startsWith("/api/prom/")
        ? NextResponse.json({ status: "error", errorType: status === 401 ? "unauthorized" : status === 413 ? "bad_data" : "forbidden", error: message }, { status })
        : NextResponse.json({ error: { code, message } }, { status }),
    );

  const crossSite = crossSiteRefusal({
    method: request.method,
    origin: request.headers.get("origin"),
    secFetchSite: request.headers.get("sec-fetch-site"),
    ownOrigins: ownOrigins(request.headers.get("host"), process.env.NEXTAUTH_URL),
  });
  if (crossSite) return refuse(403, "auth:forbidden", crossSite);
  const length = Number(request.headers.get("content-length") ?? "0");
  if (length > MAX_BODY_BYTES) return refuse(413, "request:too_large", `body: larger than the limit of ${MAX_BODY_BYTES} bytes`);

  const nonce = btoa(crypto.randomUUID());
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  const pass = () => {
    // Next.js reads the nonce from the request's CSP header and puts it on its scripts.
    const headers = new Headers(request.headers);
    headers.set("x-nonce", nonce);
    headers.set("content-security-policy", csp);
    const response = NextResponse.next({ request: { headers } });
    response.headers.set("Content-Security-Policy", csp);
    return withHeaders(response);
  };

  if (isPublicPath(pathname)) return pass();
  if (await getToken({ req: request })) return pass();
  // API tokens are checked by the route handlers themselves (against Postgres).
  if (isApi && /^(Bearer|Basic)\s+\S+$/i.test(request.headers.get("authorization") ?? "")) return pass();
  if (isApi) return refuse(401, "auth:unauthenticated", pathname.startsWith("/api/prom/") ? "sign in or send an API token" : "Sign in to continue");
  const login = new URL("/login", request.url);
  login.searchParams.set("callbackUrl", `${pathname}${search}`);
  return withHeaders(NextResponse.redirect(login));
}

function secured(response: NextResponse, https: boolean): NextResponse {
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) response.headers.set(k, v);
  if (https) response.headers.set("Strict-Transport-Security", HSTS);
  if (!response.headers.has("Content-Security-Policy")) response.headers.set("Content-Security-Policy", contentSecurityPolicy("none"));
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|robots.txt).*)"],
};
