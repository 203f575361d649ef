import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { isPublicPath } from "@/lib/auth/permissions";

/**
 * The first gate (route handlers and pages check again, with the role): signed-out
 * page requests go to /login, API requests without a session or a bearer token get
 * 401 JSON. Public: what the permission table marks "public" (/login, /api/auth/*, /api/health).
 */
export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (isPublicPath(pathname)) return NextResponse.next();
  const token = await getToken({ req: request });
  if (token) return NextResponse.next();
  // API tokens are checked by the route handlers themselves (against Postgres).
  if (pathname.startsWith("/api/") && /^(Bearer|Basic)\s+\S+$/i.test(request.headers.get("authorization") ?? "")) return NextResponse.next();
  if (pathname.startsWith("/api/prom/")) {
    return NextResponse.json(
      { status: "error", errorType: "unauthorized", error: "sign in or send an API token" },
      { status: 401 },
    );
  }
  if (pathname.startsWith("/api/")) {
    return NextResponse.json(
      { error: { code: "auth:unauthenticated", message: "Sign in to continue" } },
      { status: 401 },
    );
  }
  const login = new URL("/login", request.url);
  login.searchParams.set("callbackUrl", `${pathname}${search}`);
  return NextResponse.redirect(login);
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|robots.txt).*)"],
};
