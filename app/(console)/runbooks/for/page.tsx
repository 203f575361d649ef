import type { Metadata } from "next";
import Link from "next/link";
import { AlertContext } from "@/components/runbooks/AlertContext";
import { RunbookSearch } from "@/components/runbooks/RunbookSearch";
import { RunbookView } from "@/components/runbooks/RunbookView";
import { canOpen } from "@/lib/auth/permissions";
import { pageUserFor } from "@/lib/auth/session";
import { lookupLabels, mayEditRunbook } from "@/lib/runbooks/model";
import { lookupRunbooks, runbookFacets } from "@/lib/runbooks/service";

export const metadata: Metadata = { title: "Runbook for alert" };
export const dynamic = "force-dynamic";

/**
 * The URL every alert's `runbook_url` points to: `/runbooks/for?alertname=X&<label>=<value>…`.
 * The best runbook (never another team's; the most specific link, ties to the alert's team)
 * from Postgres alone — or from the shipped files, stamped, when Postgres is down — with
 * the alert's live context when Prometheus and Alertmanager answer; nothing linked → the
 * search, prefilled, with "write this runbook".
 */
export default async function Page({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const labels = lookupLabels(await searchParams);
  const here = `/runbooks/for?${new URLSearchParams(Object.entries(labels))}`;
  const user = await pageUserFor("runbooks", here);
  const { matches, source } = await lookupRunbooks(labels);
  const canSeeAlerts = canOpen(user.role, "alerts");
  const fromFiles = source === "files";
  const stamp = fromFiles && (
    <p className="notice" role="status" data-testid="runbook-fallback">
      PostgreSQL unreachable: this is the runbook as shipped in deploy/runbooks. Edits made in the console since are not shown, and nothing can be edited until the database is back.
    </p>
  );
  if (matches.length === 0) {
    const newPath = `/runbooks/new?${new URLSearchParams(Object.entries(labels))}`;
    const facets = fromFiles ? { teams: [], tags: [], alerts: [] } : await runbookFacets();
    return (
      <>
        {stamp}
        <RunbookSearch facets={facets} canWrite={!fromFiles && canOpen(user.role, "runbookEdit")} missing={{ alertname: labels.alertname ?? "(no alertname in the link)", newPath }} />
      </>
    );
  }
  const [best, ...others] = matches;
  return (
    <>
      {stamp}
      {others.length > 0 && (
        <p className="muted runbook-others">
          Chosen for {best!.link}. Also linked to this alert:{" "}
          {others.map((m, i) => (
            <span key={m.runbook.slug}>
              {i > 0 && ", "}
              <Link href={`/runbooks/${m.runbook.slug}`}>{m.runbook.title}</Link> ({m.link}
              {m.runbook.team ? `, team ${m.runbook.team}` : ""})
            </span>
          ))}
        </p>
      )}
      <RunbookView
        runbook={best!.runbook}
        canEdit={!fromFiles && mayEditRunbook(user, best!.runbook.team)}
        canSeeAlerts={canSeeAlerts}
        labels={labels}
        context={<AlertContext labels={labels} canSeeAlerts={canSeeAlerts} />}
      />
    </>
  );
}
