import Link from "next/link";
import { AUDIT_TARGETS, changedKeys, type AuditEventView, type AuditFilters } from "@/lib/audit/model";

const json = (v: unknown) => (v === null || v === undefined ? "—" : JSON.stringify(v, null, 2));

/** The audit log as a filterable table (a GET form: the filters live in the URL, so a view can be shared). */
export function AuditTable({ events, next, filters, actions, query }: { events: AuditEventView[]; next: string | null; filters: AuditFilters; actions: string[]; query: URLSearchParams }) {
  const older = new URLSearchParams(query);
  if (next) older.set("before", next);
  return (
    <section className="settings" aria-label="Audit log">
      <form method="get" className="runbook-filters" aria-label="Filter the audit log">
        <label>
          Actor <input className="input" name="actor" defaultValue={filters.actor ?? ""} placeholder="name contains" />
        </label>
        <label>
          Action{" "}
          <select className="input" name="action" defaultValue={filters.action ?? ""}>
            <option value="">any</option>
            {actions.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </label>
        <label>
          Target{" "}
          <select className="input" name="targetType" defaultValue={filters.targetType ?? ""}>
            <option value="">any</option>
            {AUDIT_TARGETS.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <label>
          Target id <input className="input" name="targetId" defaultValue={filters.targetId ?? ""} />
        </label>
        <button className="btn" type="submit">
          Filter
        </button>
        <Link href="/admin/audit">Clear</Link>
      </form>
      <p className="muted">Append-only: the database refuses to change or delete a record. Secrets are never recorded (‹redacted›).</p>
      <table className="data-table" aria-label="Audit events">
        <thead>
          <tr>
            <th scope="col">Time (UTC)</th>
            <th scope="col">Actor</th>
            <th scope="col">Action</th>
            <th scope="col">Target</th>
            <th scope="col">Change</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <td>{new Date(e.at).toISOString().slice(0, 19).replace("T", " ")}</td>
              <td>
                {e.actorName} <span className="muted">({e.actorKind})</span>
              </td>
              <td>
                <code>{e.action}</code>
              </td>
              <td>
                <Link href={`/admin/audit?targetType=${encodeURIComponent(e.targetType)}&targetId=${encodeURIComponent(e.targetId)}`}>{e.targetId}</Link>
              </td>
              <td>
                <details>
                  <summary>{changedKeys(e.before, e.after).join(", ") || "details"}</summary>
                  <div className="runbook-columns">
                    <pre className="code-view" aria-label="Before">
                      {json(e.before)}
                    </pre>
                    <pre className="code-view" aria-label="After">
                      {json(e.after)}
                    </pre>
                  </div>
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {events.length === 0 && <p className="muted">No events match.</p>}
      {next && <Link href={`/admin/audit?${older}`}>Older events →</Link>}
    </section>
  );
}
