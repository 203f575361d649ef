import path from "node:path";
import { API_ROUTES, canOpen, PAGE_ROUTES, PAGES, type ApiAccess, type PageId } from "../lib/auth/permissions";
import { hasRole, ROLES, type Role } from "../lib/auth/roles";
import { listAppRoutes } from "../lib/auth/routes";
import { apiAs, expect, PASSWORD, test, USERS } from "./fixtures";

/**
 * Issue 10's route enumeration: every page and route handler under app/ — found from the
 * file system, so a new route cannot be forgotten — requested with no session and as
 * every role; the server must answer exactly what the permission table says.
 */
const ROUTES = listAppRoutes(path.resolve(import.meta.dirname, "../app"));

/**
 * A concrete value for each dynamic segment. Records that exist where reading them is
 * harmless; ids that exist nowhere where the method writes, so an allowed role's request
 * is refused by validation or 404 and changes nothing.
 */
const SAMPLE_READ: Record<string, string> = {
  "[slug]": "gpu-xid-errors",
  "[node]": "eu-west-gpu-001",
  "[id]": "eu-west-gpu-001:0",
  "[datasource]": "default",
  "[...path]": "query",
  "[...nextauth]": "session",
  "[revision]": "1",
  "[name]": "no-such-receiver",
};
const SAMPLE_WRITE: Record<string, string> = { ...SAMPLE_READ, "[slug]": "no-such-runbook", "[id]": "no-such-id", "[revision]": "999999" };

/** Where the object matters to an allowed role: the developer may edit their own team's runbook (ML Research's), not the platform's. */
const SAMPLE_FOR: Record<string, Record<string, string>> = { "/runbooks/[slug]/edit": { "[slug]": "training-loss-rising-ml-research" } };

function concrete(pattern: string, method: string): string {
  const samples = { ...(method === "GET" ? SAMPLE_READ : SAMPLE_WRITE), ...SAMPLE_FOR[pattern] };
  return pattern
    .split("/")
    .map((seg) => {
      if (!seg.startsWith("[")) return seg;
      const value = samples[seg];
      if (!value) throw new Error(`No sample value for the dynamic segment ${seg} of ${pattern}: add one to SAMPLE_READ`);
      return value;
    })
    .join("/");
}

const SIGN_OUT = "/api/me/sign-out-everywhere";
const WHO = [null, ...ROLES] as const;
type Who = (typeof WHO)[number];

function pageExpectation(pattern: string, who: Who): { status: number; location?: RegExp } {
  const rule = PAGE_ROUTES[pattern as keyof typeof PAGE_ROUTES];
  if (rule === "public") return { status: 200 };
  if (who === null) return { status: 307, location: /^\/login\?callbackUrl=/ };
  if (rule === "signed-in") return { status: pattern === "/" ? 307 : 200 };
  const page = rule as PageId;
  return canOpen(who, page) ? { status: 200 } : { status: 307, location: new RegExp(`^/forbidden\\?page=${page}&`) };
}

function apiExpectation(access: ApiAccess, who: Who): "allowed" | 401 | 403 {
  if (access === "public") return "allowed";
  if (who === null) return 401;
  return hasRole(who, access) ? "allowed" : 403;
}

test.describe("every route against the permission table", () => {
  test.describe.configure({ timeout: 180_000 });

  test("the walk found the console's pages and handlers", () => {
    expect(ROUTES.filter((r) => r.kind === "page").map((r) => r.pattern)).toContain("/runbooks/[slug]/edit");
    expect(ROUTES.filter((r) => r.kind === "handler").length).toBe(Object.keys(API_ROUTES).length);
  });

  for (const who of WHO) {
    test(`pages, as ${who ?? "no session"}`, async ({ baseURL }) => {
      const api = await apiAs(who, baseURL!);
      const seen: string[] = [];
      for (const route of ROUTES.filter((r) => r.kind === "page")) {
        const url = concrete(route.pattern, "GET");
        const want = pageExpectation(route.pattern, who);
        const response = await api.get(url, { maxRedirects: 0 });
        const where = `${who ?? "no session"} GET ${url}`;
        if (route.pattern === "/login" && who !== null) {
          // Signed in, the login page may send you home instead.
          expect([200, 307], where).toContain(response.status());
        } else {
          expect(response.status(), where).toBe(want.status);
        }
        if (want.location) expect(response.headers()["location"], where).toMatch(want.location);
        if (want.status === 307 && !want.location) expect(response.headers()["location"], where).not.toMatch(/^\/(login|forbidden)/);
        seen.push(route.pattern);
      }
      expect(seen.sort()).toEqual(Object.keys(PAGE_ROUTES).sort());
      await api.dispose();
    });

    test(`route handlers, as ${who ?? "no session"}`, async ({ baseURL }) => {
      const api = await apiAs(who, baseURL!);
      let checked = 0;
      // Signing out everywhere ends this very session: it goes last.
      const handlers = ROUTES.filter((r) => r.kind === "handler").sort((a, b) => Number(a.pattern === SIGN_OUT) - Number(b.pattern === SIGN_OUT));
      for (const route of handlers) {
        const table = API_ROUTES[route.pattern as keyof typeof API_ROUTES] as Record<string, ApiAccess>;
        for (const method of route.methods) {
          if (route.pattern === "/api/auth/[...nextauth]" && method === "POST") continue; // next-auth's own CSRF-checked forms
          const url = concrete(route.pattern, method);
          // A body that no write accepts: an allowed role gets a validation error, never a change.
          const response = await api.fetch(url, { method, ...(method === "GET" ? {} : { data: { __probe: true } }), maxRedirects: 0 });
          const want = apiExpectation(table[method]!, who);
          const where = `${who ?? "no session"} ${method} ${url} (table: ${table[method]})`;
          if (want === "allowed") {
            expect([401, 403], where).not.toContain(response.status());
            expect(response.status(), where).toBeLessThan(500);
          } else {
            expect(response.status(), where).toBe(want);
            const body = await response.json();
            // The JSON API's error shape, Prometheus' for /api/prom, Alertmanager's (the reason as a JSON string) for /api/alertmanager.
            const refusal = typeof body === "string" ? body : (body.error?.code ?? body.errorType);
            expect(refusal, where).toMatch(want === 401 ? /unauthenticated|unauthorized|^Sign in or send an API token$/ : /forbidden|needs the \w+ role/);
          }
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(40);
      await api.dispose();
    });
  }

  test("navigation shows each role exactly the table's pages", async ({ page, loginPage }) => {
    for (const role of ROLES as readonly Role[]) {
      await page.context().clearCookies();
      await loginPage.goto();
      await loginPage.signIn(USERS[role], PASSWORD);
      await page.waitForURL((u) => !u.pathname.startsWith("/login"));
      const want = (Object.keys(PAGES) as PageId[]).filter((p) => PAGES[p].nav && canOpen(role, p)).map((p) => PAGES[p].label);
      await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link")).toHaveText(want);
    }
  });
});
