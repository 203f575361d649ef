import { hasRole, type Role } from "./roles";

/**
 * Which role may open which page: the one table for page guards, navigation and
 * landing. (Issue 10 extends it to route handlers and actions.)
 */
export const PAGES = {
  overview: { href: "/overview", label: "Overview", minimum: "viewer" },
  sre: { href: "/sre", label: "SRE", minimum: "sre" },
  capacity: { href: "/capacity", label: "Capacity", minimum: "viewer" },
} as const satisfies Record<string, { href: string; label: string; minimum: Role }>;
export type PageId = keyof typeof PAGES;

export function canOpen(role: Role, page: PageId): boolean {
  return hasRole(role, PAGES[page].minimum);
}

/** The navigation a role sees: the pages it may open, in order. */
export function navigationFor(role: Role): { href: string; label: string }[] {
  return (Object.keys(PAGES) as PageId[]).filter((p) => canOpen(role, p)).map((p) => ({ href: PAGES[p].href, label: PAGES[p].label }));
}
