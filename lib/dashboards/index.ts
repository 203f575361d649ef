import { SRE_DASHBOARD } from "./defs/sre";
import { DashboardDefSchema, type DashboardDef } from "./types";

/** Every dashboard, parsed (defaults filled) once. */
export const DASHBOARDS: Record<string, DashboardDef> = {
  sre: DashboardDefSchema.parse(SRE_DASHBOARD),
};

export function getDashboard(id: string): DashboardDef | undefined {
  return DASHBOARDS[id];
}
