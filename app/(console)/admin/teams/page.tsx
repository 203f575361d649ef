import type { Metadata } from "next";
import { AdminTabs } from "@/components/access/AdminTabs";
import { TeamsAdmin } from "@/components/access/TeamsAdmin";
import { pageUserFor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Teams" };

export default async function Page() {
  await pageUserFor("adminTeams");
  return (
    <>
      <h1>Admin</h1>
      <AdminTabs current="/admin/teams" />
      <TeamsAdmin />
    </>
  );
}
