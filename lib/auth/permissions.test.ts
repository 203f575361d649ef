import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DASHBOARDS } from "@/lib/dashboards";
import { API_ROUTES, apiAccess, canOpen, homePathFor, isPublicPath, linksForRole, mayOpenPath, navigationFor, PAGE_ROUTES, routePatternRegExp, type ApiRoute } from "./permissions";
import { listAppRoutes } from "./routes";

describe("the permission table", () => {
  it("shows each role the pages it may open, and only those (issue 6's table; routing from issue 8, runbooks from issue 9, admin from issue 10, maintenance from issue 12, the console's own health from issue 27)", () => {
    expect(navigationFor("viewer").map((l) => l.href)).toEqual(["/overview", "/capacity", "/runbooks"]);
    expect(navigationFor("developer").map((l) => l.href)).toEqual(["/overview", "/developer", "/explore", "/alerts", "/silences", "/maintenance", "/runbooks", "/routing"]);
    expect(navigationFor("sre").map((l) => l.href)).toEqual(["/overview", "/sre", "/developer", "/capacity", "/explore", "/alerts", "/silences", "/maintenance", "/runbooks", "/routing", "/console"]);
    expect(navigationFor("admin").map((l) => l.href)).toEqual(["/overview", "/sre", "/developer", "/capacity", "/explore", "/alerts", "/silences", "/maintenance", "/runbooks", "/routing", "/console", "/settings/prices", "/admin/users"]);
    expect(canOpen("sre", "prices")).toBe(false);
    expect(canOpen("viewer", "sre")).toBe(false);
    expect(canOpen("developer", "capacity")).toBe(false);
    expect(canOpen("viewer", "explore")).toBe(false);
    expect(canOpen("developer", "gpu")).toBe(false);
    expect(canOpen("admin", "gpu")).toBe(true);
  });

  it("lands viewers on the overview, developers on theirs, SREs and admins on the SRE dashboard", () => {
    expect(homePathFor("viewer")).toBe("/overview");
    expect(homePathFor("developer")).toBe("/developer");
    expect(homePathFor("sre")).toBe("/sre");
    expect(homePathFor("admin")).toBe("/sre");
    for (const role of ["viewer", "developer", "sre", "admin"] as const) {
      expect(navigationFor(role).map((l) => l.href)).toContain(homePathFor(role));
    }
  });
});

describe("the permission table covers every route under app/ (found from the file system)", () => {
  const app = path.resolve(import.meta.dirname, "../../app");
  const routes = listAppRoutes(app);

  it("finds the pages and handlers", () => {
    expect(routes.filter((r) => r.kind === "page").length).toBeGreaterThanOrEqual(20);
    expect(routes.find((r) => r.pattern === "/api/prom/[datasource]/api/v1/[...path]")?.methods).toEqual(["GET", "POST"]);
  });

  it("lists every page, and no page that does not exist", () => {
    const pages = routes.filter((r) => r.kind === "page").map((r) => r.pattern).sort();
    expect(pages).toEqual(Object.keys(PAGE_ROUTES).sort());
  });

  it("lists every handler with exactly the methods it exports", () => {
    const handlers = Object.fromEntries(routes.filter((r) => r.kind === "handler").map((r) => [r.pattern, r.methods]));
    expect(handlers).toEqual(Object.fromEntries(Object.entries(API_ROUTES).map(([k, v]) => [k, Object.keys(v).sort()])));
  });

  it("each guarded handler asks the table for its own line", () => {
    for (const r of routes.filter((x) => x.kind === "handler")) {
      const access = Object.values(API_ROUTES[r.pattern as ApiRoute]);
      if (access.every((a) => a === "public")) continue;
      const source = readFileSync(r.file, "utf8");
      expect(source, r.file).toContain(`"${r.pattern}"`);
    }
  });

  it("has no server actions outside it (none exist; one would need a line here)", () => {
    const grep = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? grep(path.join(dir, e.name)) : /\.(ts|tsx)$/.test(e.name) && /^\s*["']use server["']/m.test(readFileSync(path.join(dir, e.name), "utf8")) ? [path.join(dir, e.name)] : [],
      );
    expect([app, path.resolve(app, "../components"), path.resolve(app, "../lib")].flatMap(grep)).toEqual([]);
  });

  it("route patterns match concrete paths", () => {
    expect(routePatternRegExp("/api/prom/[datasource]/api/v1/[...path]").test("/api/prom/default/api/v1/label/team/values")).toBe(true);
    expect(routePatternRegExp("/runbooks/[slug]").test("/runbooks/a/b")).toBe(false);
    expect(isPublicPath("/api/auth/session")).toBe(true);
    expect(isPublicPath("/api/health")).toBe(true);
    expect(isPublicPath("/login")).toBe(true);
    expect(isPublicPath("/api/healthz")).toBe(false);
    expect(isPublicPath("/")).toBe(false);
    expect(apiAccess("/api/routing/apply", "post")).toBe("admin");
    expect(apiAccess("/api/routing/apply", "GET")).toBeUndefined();
  });
});

describe("links a role may follow", () => {
  it("never sends a viewer from the overview to a page it may not open; an SRE keeps every link", () => {
    const overview = DASHBOARDS.overview!;
    const forViewer = linksForRole(overview, "viewer");
    const hrefs = (def: typeof overview) => def.panels.flatMap((p) => p.links.map((l) => `${p.id} → ${l.url.split("?")[0]}`));
    expect(hrefs(overview)).toContain("gpus-healthy → /sre");
    expect(hrefs(forViewer).filter((h) => !h.endsWith("/capacity"))).toEqual([]);
    expect(hrefs(forViewer)).toContain("gpus-total → /capacity");
    expect(hrefs(linksForRole(overview, "sre"))).toEqual(hrefs(overview));
    for (const role of ["viewer", "developer", "sre", "admin"] as const) {
      for (const def of Object.values(DASHBOARDS)) for (const p of linksForRole(def, role).panels) for (const l of p.links) expect(mayOpenPath(role, l.url), `${role}: ${def.id}/${p.id} → ${l.url}`).toBe(true);
    }
  });

  it("knows a page by its route, with a drill-down's template in place of its id", () => {
    expect(mayOpenPath("viewer", "/gpus/${__field.labels.UUID}?${__url_time_range}")).toBe(false);
    expect(mayOpenPath("sre", "/gpus/${__field.labels.UUID}")).toBe(true);
    expect(mayOpenPath("developer", "/capacity?from=1")).toBe(false);
    expect(mayOpenPath("viewer", "/runbooks/for?alertname=X")).toBe(true);
    expect(mayOpenPath("viewer", "https://grafana.example/d/abc")).toBe(true);
  });
});
