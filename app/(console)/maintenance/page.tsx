import type { Metadata } from "next";
import { MaintenancePage } from "@/components/maintenance/MaintenancePage";
import { pageUserFor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Maintenance windows" };

export default async function Page() {
  await pageUserFor("maintenance");
  return <MaintenancePage />;
}
