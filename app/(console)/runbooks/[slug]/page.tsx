import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { RunbookView } from "@/components/runbooks/RunbookView";
import { canOpen } from "@/lib/auth/permissions";
import { pageUserFor } from "@/lib/auth/session";
import { mayEditRunbook } from "@/lib/runbooks/model";
import { getRunbook } from "@/lib/runbooks/service";

export const metadata: Metadata = { title: "Runbook" };
export const dynamic = "force-dynamic";

export default async function Page({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const user = await pageUserFor("runbooks", `/runbooks/${encodeURIComponent(slug)}`);
  const runbook = await getRunbook(slug);
  if (!runbook) notFound();
  return <RunbookView runbook={runbook} canEdit={mayEditRunbook(user, runbook.team)} canSeeAlerts={canOpen(user.role, "alerts")} />;
}
