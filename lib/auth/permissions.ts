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
  // The on-call's runbooks: everyone reads (the 3 a.m. lookup must never fail on a role);
  // developers edit their teams' runbooks, SREs and admins any.
  runbooks: { href: "/runbooks", label: "Runbooks", roles: ["viewer", "developer", "sre", "admin"], nav: true },
  runbookEdit: { href: "/runbooks/new", label: "New runbook", roles: ["developer", "sre", "admin"], nav: false },
  // Who gets paged: admins edit and apply, team leads edit their team's receivers, others read.
  routing: { href: "/routing", label: "Routing", roles: ["developer", "sre", "admin"], nav: true },
  routingTest: { href: "/routing/test", label: "Route tester", roles: ["sre", "admin"], nav: false },
  prices: { href: "/settings/prices", label: "GPU prices", roles: ["admin"], nav: true },
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
