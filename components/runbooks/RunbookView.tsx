"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { linkText, type Runbook } from "@/lib/runbooks/model";
import type { Labels } from "@/lib/prom/schemas";
import { LinkedAlerts } from "./LinkedAlerts";
import { Markdown } from "./Markdown";
import { RevisionHistory } from "./RevisionHistory";

export interface RunbookViewProps {
  runbook: Runbook;
  canEdit: boolean;
  /** May see live alert state (/api/alerts is for developers and up). */
  canSeeAlerts: boolean;
  /** On the lookup page: the alert's labels (fill the commands) and its live context above the body. */
  labels?: Labels;
  context?: ReactNode;
}

/** A runbook: what it is for, the alert's live context (lookup), who to call, escalation, the body, linked alerts, history. */
export function RunbookView({ runbook, canEdit, canSeeAlerts, labels, context }: RunbookViewProps) {
  return (
    <article className="runbook" aria-label={`Runbook ${runbook.title}`}>
      <header className="dashboard-header">
        <div>
          <h1>{runbook.title}</h1>
          <p className="runbook-meta muted">
            <span className={`severity severity-${runbook.severity}`}>{runbook.severity}</span>
            {runbook.team && <> · team {runbook.team}</>}
            {runbook.owner && <> · owner {runbook.owner}</>}
            {/* Revision 0: the shipped file, read while PostgreSQL is unreachable (lib/runbooks/service.ts). */}
            {runbook.revision > 0 ? <>{" · "}revision {runbook.revision}, {runbook.updatedBy}, {new Date(runbook.updatedAt).toLocaleString()}</> : <>{" · "}the shipped file ({runbook.updatedBy}/{runbook.slug}.md)</>}
            {runbook.tags.map((t) => (
              <Link key={t} className="tag" href={`/runbooks?tag=${encodeURIComponent(t)}`}>
                {t}
              </Link>
            ))}
          </p>
        </div>
        <div className="form-row">
          {canEdit && (
            <Link className="btn" href={`/runbooks/${runbook.slug}/edit`}>
              Edit
            </Link>
          )}
          <a className="btn" href={`/api/runbooks/${runbook.slug}/export`} download>
            Export .md
          </a>
        </div>
      </header>
      {runbook.summary && <p className="runbook-summary">{runbook.summary}</p>}
      {context}
      <div className="runbook-columns">
        <div className="runbook-body">
          <Markdown text={runbook.body} labels={labels} />
        </div>
        <aside className="runbook-side">
          <section aria-label="Who to call" className="card">
            <h2>Who to call</h2>
            {runbook.contacts.length === 0 ? (
              <p className="muted">Nobody named yet.</p>
            ) : (
              <ul className="plain">
                {runbook.contacts.map((c, i) => (
                  <li key={i}>
                    <strong>{c.name}</strong>
                    {c.how && <div className="muted">{c.how}</div>}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-label="Escalation" className="card">
            <h2>Escalation</h2>
            {runbook.escalation.length === 0 ? (
              <p className="muted">No escalation steps.</p>
            ) : (
              <ol>
                {runbook.escalation.map((step, i) => (
                  <li key={i}>{step}</li>
                ))}
              </ol>
            )}
          </section>
          <section aria-label="Linked alerts" className="card">
            <h2>Linked alerts</h2>
            {runbook.alerts.length === 0 ? <p className="muted">No alert links to this runbook.</p> : <LinkedAlerts links={runbook.alerts.map((a) => ({ alertname: a.alertname, text: linkText(a) }))} live={canSeeAlerts} />}
          </section>
        </aside>
      </div>
      {runbook.revision > 0 && <RevisionHistory slug={runbook.slug} current={runbook.revision} canRestore={canEdit} />}
    </article>
  );
}
