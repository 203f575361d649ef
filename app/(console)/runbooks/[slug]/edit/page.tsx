import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { RunbookEditor } from "@/components/runbooks/RunbookEditor";
import { pageUserFor } from "@/lib/auth/session";
import { formOf } from "@/lib/runbooks/form";
import { mayEditRunbook } from "@/lib/runbooks/model";
import { editableTeams, getRunbook } from "@/lib/runbooks/service";

export const metadata: Metadata = { title: "Edit runbook" };
export const dynamic = "force-dynamic";

export default async function Page({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const returnTo = `/runbooks/${encodeURIComponent(slug)}/edit`;
  const user = await pageUserFor("runbookEdit", returnTo);
  const runbook = await getRunbook(slug);
  if (!runbook) notFound();
  if (!mayEditRunbook(user, runbook.team)) redirect(`/forbidden?page=runbookEdit&from=${encodeURIComponent(returnTo)}`);
  return <RunbookEditor initial={formOf(runbook)} revision={runbook.revision} teams={await editableTeams(user)} />;
}
