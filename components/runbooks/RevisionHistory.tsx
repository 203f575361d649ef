"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { createTwoFilesPatch } from "diff";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Diff } from "@/components/ui/Diff";
import { fetchRevisions, restoreRevision, runbookKeys } from "@/lib/runbooks/client";
import { serializeRunbook } from "@/lib/runbooks/file";

/** Every save of a runbook: who, when, why; any two diffed (as the .md files); any one restored as a new revision. */
export function RevisionHistory({ slug, current, canRestore }: { slug: string; current: number; canRestore: boolean }) {
  const router = useRouter();
  const revisions = useQuery({ queryKey: [...runbookKeys.revisions(slug), current], queryFn: ({ signal }) => fetchRevisions(slug, signal) });
  const [pair, setPair] = useState<{ from: number; to: number } | null>(null);
  const [viewing, setViewing] = useState<number | null>(null);
  const restore = useMutation({ mutationFn: (revision: number) => restoreRevision(slug, revision, current), onSuccess: () => router.refresh() });
  const list = revisions.data?.revisions ?? [];
  const byNumber = new Map(list.map((r) => [r.revision, r]));
  const diffText = pair && byNumber.get(pair.from) && byNumber.get(pair.to)
    ? createTwoFilesPatch(`revision ${pair.from}`, `revision ${pair.to}`, serializeRunbook(byNumber.get(pair.from)!.snapshot), serializeRunbook(byNumber.get(pair.to)!.snapshot), undefined, undefined, { context: 3 })
    : null;
  const shown = viewing !== null ? byNumber.get(viewing) : undefined;

  return (
    <section className="card" aria-label="Revision history">
      <h2>Revision history</h2>
      {revisions.error && <p role="alert" className="alert-error">{revisions.error.message}</p>}
      {restore.error && <p role="alert" className="alert-error">{restore.error.message}</p>}
      <table className="data-table">
        <thead>
          <tr>
            <th>Revision</th>
            <th>By</th>
            <th>When</th>
            <th>Message</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {list.map((r) => (
            <tr key={r.revision} data-testid={`revision-${r.revision}`}>
              <td>
                {r.revision}
                {r.revision === current && <span className="muted"> (current)</span>}
              </td>
              <td>{r.author}</td>
              <td>{new Date(r.createdAt).toLocaleString()}</td>
              <td>{r.message}</td>
              <td className="form-row">
                <button type="button" className="btn btn-small" onClick={() => setViewing(viewing === r.revision ? null : r.revision)}>
                  {viewing === r.revision ? "Hide" : "View"}
                </button>
                {r.revision !== current && (
                  <button type="button" className="btn btn-small" onClick={() => setPair({ from: r.revision, to: current })}>
                    Diff with current
                  </button>
                )}
                {r.revision > 1 && (
                  <button type="button" className="btn btn-small" onClick={() => setPair({ from: r.revision - 1, to: r.revision })}>
                    Diff with previous
                  </button>
                )}
                {canRestore && r.revision !== current && (
                  <button type="button" className="btn btn-small" disabled={restore.isPending} onClick={() => restore.mutate(r.revision)}>
                    Restore
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {diffText && pair && (
        <>
          <h3>
            Revision {pair.from} → {pair.to}
          </h3>
          <Diff text={diffText} label={`Diff of revision ${pair.from} and ${pair.to}`} />
        </>
      )}
      {shown && (
        <>
          <h3>Revision {shown.revision} as saved</h3>
          <pre className="code-view" aria-label={`Revision ${shown.revision}`}>
            {serializeRunbook(shown.snapshot)}
          </pre>
        </>
      )}
    </section>
  );
}
