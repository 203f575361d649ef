import type { Metadata } from "next";
import { RunbookSearch } from "@/components/runbooks/RunbookSearch";
import { canOpen } from "@/lib/auth/permissions";
import { pageUserFor } from "@/lib/auth/session";
import { runbookFacets } from "@/lib/runbooks/service";

export const metadata: Metadata = { title: "Runbooks" };
export const dynamic = "force-dynamic";

export default async function Page() {
  const user = await pageUserFor("runbooks");
  return <RunbookSearch facets={await runbookFacets()} canWrite={canOpen(user.role, "runbookEdit")} />;
}
