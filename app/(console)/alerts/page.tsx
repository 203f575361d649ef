import type { Metadata } from "next";
import { AlertsPage } from "@/components/alerts/AlertsPage";
import { pageUserFor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Alerts" };

export default async function Page() {
  await pageUserFor("alerts");
  return <AlertsPage />;
}
