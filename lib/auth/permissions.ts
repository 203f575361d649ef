import type { Role } from "./roles";

/**
 * Which role may open which page: the one table for page guards, navigation and
 * landing. Not a ladder: a viewer (an executive) may open Capacity, a developer may not,
 * and a developer's Explore is scoped to their teams by the proxy. (Issue 10 extends the
 * table to route handlers and actions.)
 */
export const PAGES = {
  overview: { href: "/overview", label: "Overview", roles: ["viewer", "developer", "sre", "admin"], nav: true },
  sre: { href: "/sre", label: "SRE", roles: ["sre", "admin"], nav: true },
  developer: { href: "/developer", label: "Developer", roles: ["developer", "sre", "admin"], nav: true },
  capacity: { href: "/capacity", label: "Capacity", roles: ["viewer", "sre", "admin"], nav: true },
  explore: { href: "/explore", label: "Explore", roles: ["developer", "sre", "admin"], nav: true },
  // On-call's pages; a developer sees and silences their teams' alerts only.
  alerts: { href: "/alerts", label: "Alerts", roles: ["developer", "sre", "admin"], nav: true },
  silences: { href: "/silences", label: "Silences", roles: ["developer", "sre", "admin"], nav: true },
  // Maintenance windows that silence ahead of time; a developer's are their teams'.
  maintenance: { href: "/maintenance", label: "Maintenance", roles: ["developer", "sre", "admin"], nav: true },
  // The on-call's runbooks: everyone reads (the 3 a.m. lookup must never fail on a role);
  // developers edit their teams' runbooks, SREs and admins any.
  runbooks: { href: "/runbooks", label: "Runbooks", roles: ["viewer", "developer", "sre", "admin"], nav: true },
  runbookEdit: { href: "/runbooks/new", label: "New runbook", roles: ["developer", "sre", "admin"], nav: false },
  // Who gets paged: admins edit and apply, team leads edit their team's receivers, others read.
  routing: { href: "/routing", label: "Routing", roles: ["developer", "sre", "admin"], nav: true },
  routingTest: { href: "/routing/test", label: "Route tester", roles: ["sre", "admin"], nav: false },
  // The console's own health (meta-monitoring).
  console: { href: "/console", label: "Console", roles: ["sre", "admin"], nav: true },
  prices: { href: "/settings/prices", label: "GPU prices", roles: ["admin"], nav: true },
  // Users, roles, teams, memberships; the audit log. Tabs inside the admin area.
  admin: { href: "/admin/users", label: "Admin", roles: ["admin"], nav: true },
  adminTeams: { href: "/admin/teams", label: "Teams", roles: ["admin"], nav: false },
  audit: { href: "/admin/audit", label: "Audit log", roles: ["admin"], nav: false },
  // Everyone's own API tokens and sessions (linked from the top bar).
  tokens: { href: "/settings/tokens", label: "API tokens", roles: ["viewer", "developer", "sre", "admin"], nav: false },
  // Drill-downs: reached from cells, rows and bands, not from the navigation.
  node: { href: "/nodes", label: "Node", roles: ["sre", "admin"], nav: false },
  gpu: { href: "/gpus", label: "GPU", roles: ["sre", "admin"], nav: false },
} as const satisfies Record<string, { href: string; label: string; roles: readonly Role[]; nav: boolean }>;
export type PageId = keyof typeof PAGES;

export function canOpen(role: Role, page: PageId): boolean {
  return (PAGES[page].roles as readonly Role[]).includes(role);
}

/** The navigation a role sees: the pages it may open, in order. */
export function navigationFor(role: Role): { href: string; label: string }[] {
  return (Object.keys(PAGES) as PageId[])
    .filter((p) => PAGES[p].nav && canOpen(role, p))
    .map((p) => ({ href: PAGES[p].href, label: PAGES[p].label }));
}

const HOME: Record<Role, PageId> = { viewer: "overview", developer: "developer", sre: "sre", admin: "sre" };

/** Where a user lands after sign-in: viewers on the overview, developers on theirs, SREs and admins on the SRE dashboard. */
export function homePathFor(role: Role): string {
  return PAGES[HOME[role]].href;
}

/**
 * Who may open each page file under app/, by its route pattern (route groups dropped):
 * a page of the table above, "signed-in" (any role) or "public". The security suite
 * walks app/ and fails on a page missing here.
 */
export const PAGE_ROUTES = {
  "/login": "public",
  "/": "signed-in",
  "/forbidden": "signed-in",
  "/overview": "overview",
  "/sre": "sre",
  "/developer": "developer",
  "/capacity": "capacity",
  "/console": "console",
  "/explore": "explore",
  "/alerts": "alerts",
  "/silences": "silences",
  "/maintenance": "maintenance",
  "/runbooks": "runbooks",
  "/runbooks/for": "runbooks",
  "/runbooks/[slug]": "runbooks",
  "/runbooks/new": "runbookEdit",
  "/runbooks/[slug]/edit": "runbookEdit",
  "/routing": "routing",
  "/routing/test": "routingTest",
  "/settings/prices": "prices",
  "/nodes/[node]": "node",
  "/gpus/[id]": "gpu",
  "/admin/users": "admin",
  "/admin/teams": "adminTeams",
  "/admin/audit": "audit",
  "/settings/tokens": "tokens",
} as const satisfies Record<string, PageId | "signed-in" | "public">;

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];
/** The least role a route handler needs (roles include those below them), or "public". */
export type ApiAccess = Role | "public";

/**
 * Every route handler under app/api and method, with the least role it needs. Handlers
 * read their line through `apiPrincipal(request, route, method)`; a session or an API
 * token of that role passes. What a role may do *inside* a handler (a developer edits
 * only their teams' runbooks and silences, a team lead only their team's receiver) is
 * checked by the service, after this.
 */
export const API_ROUTES = {
  "/api/auth/[...nextauth]": { GET: "public", POST: "public" },
  "/api/health": { GET: "public" },
  "/api/datasources": { GET: "viewer" },
  "/api/prom/[datasource]/api/v1/[...path]": { GET: "viewer", POST: "viewer" },
  "/api/prom/[datasource]/horizons": { GET: "viewer" },
  "/api/heatmap/[datasource]": { GET: "viewer", POST: "viewer" },
  "/api/metrics": { GET: "sre" },
  "/api/alerts": { GET: "developer" },
  "/api/annotations": { GET: "viewer", POST: "sre" },
  "/api/annotations/[id]": { DELETE: "sre" },
  "/api/explore/history": { GET: "developer", POST: "developer", DELETE: "developer" },
  "/api/prices": { GET: "viewer", PUT: "admin" },
  // Alertmanager's API v2 for amtool and Grafana: reads scoped to the caller's teams, silence writes as /api/silences.
  "/api/alertmanager/[name]/api/v2/[...path]": { GET: "viewer", POST: "developer", DELETE: "developer" },
  "/api/silences": { GET: "viewer", POST: "developer" },
  "/api/silences/[id]": { GET: "viewer", PUT: "developer" },
  "/api/silences/preview": { POST: "developer" },
  "/api/xids": { GET: "viewer" },
  "/api/silences/[id]/expire": { POST: "developer" },
  "/api/silences/[id]/extend": { POST: "developer" },
  "/api/silences/sync": { POST: "sre" },
  "/api/maintenance": { GET: "developer", POST: "developer" },
  "/api/maintenance/[id]": { PUT: "developer", DELETE: "developer" },
  "/api/runbooks": { GET: "viewer", POST: "developer" },
  "/api/runbooks/lookup": { GET: "viewer" },
  "/api/runbooks/[slug]": { GET: "viewer", PUT: "developer" },
  "/api/runbooks/[slug]/export": { GET: "viewer" },
  "/api/runbooks/[slug]/revisions": { GET: "viewer" },
  "/api/runbooks/[slug]/revisions/[revision]/restore": { POST: "developer" },
  "/api/routing": { GET: "developer", PUT: "admin" },
  "/api/routing/apply": { POST: "admin" },
  "/api/routing/export": { GET: "developer" },
  "/api/routing/preview": { GET: "developer" },
  "/api/routing/test": { GET: "sre" },
  "/api/routing/versions": { GET: "developer" },
  "/api/routing/versions/[id]/rollback": { POST: "admin" },
  "/api/routing/receivers/[name]": { PUT: "developer" },
  // Everyone manages their own tokens (within their role); admins every token.
  "/api/tokens": { GET: "viewer", POST: "viewer" },
  "/api/tokens/[id]": { DELETE: "viewer" },
  "/api/me/sign-out-everywhere": { POST: "viewer" },
  // Users, teams, memberships and the audit log: admins only.
  "/api/admin/users": { GET: "admin", POST: "admin" },
  "/api/admin/users/[id]": { PUT: "admin" },
  "/api/admin/users/[id]/sign-out": { POST: "admin" },
  "/api/admin/teams": { GET: "admin", POST: "admin" },
  "/api/admin/teams/[slug]": { PUT: "admin" },
  "/api/audit": { GET: "admin" },
} as const satisfies Record<string, Partial<Record<HttpMethod, ApiAccess>>>;
export type ApiRoute = keyof typeof API_ROUTES;
export type ApiMethod<R extends ApiRoute> = keyof (typeof API_ROUTES)[R] & HttpMethod;

/** The line of the table for a route and method (undefined: the method is not served). */
export function apiAccess(route: string, method: string): ApiAccess | undefined {
  const entry = (API_ROUTES as Record<string, Partial<Record<string, ApiAccess>>>)[route];
  return entry?.[method.toUpperCase()];
}

/** A route pattern ("/api/runbooks/[slug]", "/api/prom/[datasource]/api/v1/[...path]") as a regular expression over paths. */
export function routePatternRegExp(pattern: string): RegExp {
  const source = pattern
    .split("/")
    .map((seg) => (/^\[\.\.\.\w+\]$/.test(seg) ? ".+" : /^\[\w+\]$/.test(seg) ? "[^/]+" : seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("/");
  return new RegExp(`^${source === "" ? "/" : source}$`);
}

const PAGE_PATTERNS = Object.entries(PAGE_ROUTES).map(([pattern, page]) => [routePatternRegExp(pattern), page] as const);

/**
 * May this role open the page a link goes to (`/sre?from=…`, `/gpus/GPU-1`)? Public and
 * signed-in pages, and paths that are no page of the console, are open to every role.
 */
export function mayOpenPath(role: Role, href: string): boolean {
  const path = href.split(/[?#]/)[0]!;
  const page = PAGE_PATTERNS.find(([re]) => re.test(path))?.[1];
  return page === undefined || page === "public" || page === "signed-in" || canOpen(role, page);
}

/**
 * A dashboard as a role sees it: panel links to pages the role may not open are left out,
 * so a tile never sends a viewer to a 403 (the overview's health tiles link to the SRE
 * dashboard for SREs, and nowhere for an executive).
 */
export function linksForRole<D extends { panels: readonly { links: readonly { url: string }[] }[] }>(def: D, role: Role): D {
  if (def.panels.every((p) => p.links.every((l) => mayOpenPath(role, l.url)))) return def;
  return { ...def, panels: def.panels.map((p) => ({ ...p, links: p.links.filter((l) => mayOpenPath(role, l.url)) })) };
}

const PUBLIC = [
  ...Object.entries(PAGE_ROUTES).filter(([, v]) => v === "public").map(([k]) => k),
  ...Object.entries(API_ROUTES).filter(([, v]) => Object.values(v).every((a) => a === "public")).map(([k]) => k),
].map(routePatternRegExp);

/** Paths anyone may request without a session: the table's "public" pages and handlers. */
export function isPublicPath(pathname: string): boolean {
  return PUBLIC.some((re) => re.test(pathname));
}
