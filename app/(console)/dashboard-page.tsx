import type { ReactNode } from "react";
import { Dashboard } from "@/components/dashboards/Dashboard";
import { getEnv } from "@/lib/api/env";
import { linksForRole, type PageId } from "@/lib/auth/permissions";
import { hasRole } from "@/lib/auth/roles";
import { pageUserFor } from "@/lib/auth/session";
import { dashboardFor } from "@/lib/dashboards";

export interface DashboardPageProps {
  page: PageId;
  /** The dashboard def, when it is not named like the page (a drill-down). */
  dashboard?: string;
  /** Where sign-in comes back to (a drill-down's own path). */
  path?: string;
  fixed?: Record<string, string[]>;
  title?: string;
  children?: ReactNode;
}

/** A dashboard page: the permission table's guard, the def in the fleet's label spelling, the engine. */
export async function DashboardPage({ page, dashboard = page, path, fixed, title, children }: DashboardPageProps) {
  const user = await pageUserFor(page, path);
  const spelled = dashboardFor(dashboard, getEnv().LABEL_SPELLING);
  if (!spelled) throw new Error(`Dashboard definition "${dashboard}" missing`);
  const def = linksForRole(spelled, user.role);
  return (
    <Dashboard def={def} canAnnotate={hasRole(user.role, "sre")} fixed={fixed} title={title}>
      {children}
    </Dashboard>
  );
}
