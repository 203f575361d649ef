import type { Metadata } from "next";
import { TokensPage } from "@/components/access/TokensPage";
import { pageUserFor } from "@/lib/auth/session";
import { listTeams } from "@/lib/access/repo";

export const metadata: Metadata = { title: "API tokens" };

export default async function Page() {
  const user = await pageUserFor("tokens");
  const teams = user.role === "developer" ? [] : (await listTeams()).map((t) => t.slug);
  return <TokensPage user={{ id: user.id, role: user.role, teams: user.teams }} teams={teams} />;
}
