import type { Metadata } from "next";
import { Dashboard } from "@/components/dashboards/Dashboard";
import { alertmanagerExternalUrl } from "@/lib/alertmanager/client";
import { getEnv } from "@/lib/api/env";
import { hasRole } from "@/lib/auth/roles";
import { pageUser } from "@/lib/auth/session";
import { dashboardFor } from "@/lib/dashboards";

export const metadata: Metadata = { title: "Capacity" };

/** Capacity is for everyone who plans: viewers (executives, planners) and up. */
export default async function CapacityPage() {
  const user = await pageUser("viewer", "/capacity");
  const def = dashboardFor("capacity", getEnv().LABEL_SPELLING);
  if (!def) throw new Error("Capacity dashboard definition missing");
  return <Dashboard def={def} canAnnotate={hasRole(user.role, "sre")} alertmanagerUrl={alertmanagerExternalUrl()} />;
}
