import { mayOpenPath } from "@/lib/auth/permissions";
import type { Role } from "@/lib/auth/roles";
import { spellDeep, type LabelSpelling } from "@/lib/metrics/labels";
import { CAPACITY_DASHBOARD } from "./defs/capacity";
import { DEVELOPER_DASHBOARD } from "./defs/developer";
import { GPU_DASHBOARD } from "./defs/gpu";
import { NODE_DASHBOARD } from "./defs/node";
import { OVERVIEW_DASHBOARD } from "./defs/overview";
import { SRE_DASHBOARD } from "./defs/sre";
import { DashboardDefSchema, type DashboardDef } from "./types";

/**
 * Every dashboard, parsed (defaults filled) once, with canonical label references
 * (`$__host`…); `dashboardFor` writes them in the fleet's spelling.
 */
export const DASHBOARDS: Record<string, DashboardDef> = {
  sre: DashboardDefSchema.parse(SRE_DASHBOARD),
  capacity: DashboardDefSchema.parse(CAPACITY_DASHBOARD),
  overview: DashboardDefSchema.parse(OVERVIEW_DASHBOARD),
  developer: DashboardDefSchema.parse(DEVELOPER_DASHBOARD),
  node: DashboardDefSchema.parse(NODE_DASHBOARD),
  gpu: DashboardDefSchema.parse(GPU_DASHBOARD),
};

const spelled = new Map<string, DashboardDef>();

export function dashboardFor(id: string, spelling: LabelSpelling): DashboardDef | undefined {
  const def = DASHBOARDS[id];
  if (!def) return undefined;
  const key = `${id}|${spelling}`;
  if (!spelled.has(key)) spelled.set(key, spellDeep(def, spelling));
  return spelled.get(key);
}

/**
 * The def as a role sees it: panel links to pages the role may not open are left out, so
 * a tile never sends a viewer to a 403 (the overview's health tiles link to the SRE
 * dashboard for SREs, and nowhere for an executive).
 */
export function linksForRole(def: DashboardDef, role: Role): DashboardDef {
  if (def.panels.every((p) => p.links.every((l) => mayOpenPath(role, l.url)))) return def;
  return { ...def, panels: def.panels.map((p) => ({ ...p, links: p.links.filter((l) => mayOpenPath(role, l.url)) })) };
}
