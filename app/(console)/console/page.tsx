import type { Metadata } from "next";
import { DashboardPage } from "../dashboard-page";

export const metadata: Metadata = { title: "Console health" };

export default function Page() {
  return <DashboardPage page="console" />;
}
