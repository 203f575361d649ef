import { spellDeep, type LabelSpelling } from "@/lib/metrics/labels";
import { CAPACITY_DASHBOARD } from "./defs/capacity";
import { CONSOLE_DASHBOARD } from "./defs/console";
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
  console: DashboardDefSchema.parse(CONSOLE_DASHBOARD),
};

const spelled = new Map<string, DashboardDef>();

export function dashboardFor(id: string, spelling: LabelSpelling): DashboardDef | undefined {
  const def = DASHBOARDS[id];
  if (!def) return undefined;
  const key = `${id}|${spelling}`;
  if (!spelled.has(key)) spelled.set(key, spellDeep(def, spelling));
  return spelled.get(key);
}
