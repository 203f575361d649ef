import type { Metadata } from "next";
import { RunbookEditor } from "@/components/runbooks/RunbookEditor";
import { pageUserFor } from "@/lib/auth/session";
import { newRunbookForm } from "@/lib/runbooks/form";
import { lookupLabels } from "@/lib/runbooks/model";
import { editableTeams } from "@/lib/runbooks/service";

export const metadata: Metadata = { title: "New runbook" };

/** `/runbooks/new?alertname=X&…`: from a lookup that found nothing, prefilled for that alert. */
export default async function Page({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const user = await pageUserFor("runbookEdit", "/runbooks/new");
  const teams = await editableTeams(user);
  const labels = lookupLabels(params);
  const team = labels.team && teams.includes(labels.team) ? labels.team : (teams.find((t) => t !== null) ?? null);
  return <RunbookEditor initial={newRunbookForm(labels, team)} teams={teams} />;
}
