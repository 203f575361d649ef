import type { Metadata } from "next";
import { Dashboard } from "@/components/dashboards/Dashboard";
import { alertmanagerExternalUrl } from "@/lib/alertmanager/client";
import { hasRole } from "@/lib/auth/roles";
import { pageUser } from "@/lib/auth/session";
import { getEnv } from "@/lib/api/env";
import { dashboardFor } from "@/lib/dashboards";

export const metadata: Metadata = { title: "SRE" };

export default async function SrePage() {
  const user = await pageUser("sre", "/sre");
  const def = dashboardFor("sre", getEnv().LABEL_SPELLING);
  if (!def) throw new Error("SRE dashboard definition missing");
  return <Dashboard def={def} canAnnotate={hasRole(user.role, "sre")} alertmanagerUrl={alertmanagerExternalUrl()} />;
}
