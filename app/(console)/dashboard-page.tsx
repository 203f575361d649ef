import { Dashboard } from "@/components/dashboards/Dashboard";
import { alertmanagerExternalUrl } from "@/lib/alertmanager/client";
import { getEnv } from "@/lib/api/env";
import type { PageId } from "@/lib/auth/permissions";
import { hasRole } from "@/lib/auth/roles";
import { pageUserFor } from "@/lib/auth/session";
import { dashboardFor } from "@/lib/dashboards";

/** A dashboard page: the permission table's guard, the def in the fleet's label spelling, the engine. */
export async function DashboardPage({ page }: { page: PageId }) {
  const user = await pageUserFor(page);
  const def = dashboardFor(page, getEnv().LABEL_SPELLING);
  if (!def) throw new Error(`Dashboard definition "${page}" missing`);
  return <Dashboard def={def} canAnnotate={hasRole(user.role, "sre")} alertmanagerUrl={alertmanagerExternalUrl()} />;
}
