"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Diff } from "@/components/ui/Diff";
import { formatTime } from "@/lib/dashboards/time-range";
import { applyRouting, fetchPreview, fetchVersions, rollbackTo, routingKeys } from "@/lib/routing/client";

/** The saved draft as alertmanager.yml, amtool's verdict, the diff against what Alertmanager runs, and Apply. */
export function PreviewApply({ canApply, dirty }: { canApply: boolean; dirty: boolean }) {
  const client = useQueryClient();
  const preview = useQuery({ queryKey: routingKeys.preview, queryFn: ({ signal }) => fetchPreview(signal), refetchOnWindowFocus: false });
  const [message, setMessage] = useState("");
  const apply = useMutation({
    mutationFn: () => applyRouting(preview.data!.revision, message),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: routingKeys.preview });
      void client.invalidateQueries({ queryKey: routingKeys.versions });
    },
  });
  if (preview.error) return <p className="alert-error" role="alert">{preview.error.message}</p>;
  if (!preview.data) return <div className="skeleton" style={{ minHeight: 200 }} aria-busy="true" />;
  const p = preview.data;
  return (
    <div className="routing-preview">
      {dirty && <p className="alert-error">You have unsaved changes: the preview is of the saved draft. Save the draft to preview and apply them.</p>}
      <p data-testid="amtool-check" className={p.check ? "value-bad" : "panel-healthy"}>
        {p.check ? `amtool check-config refuses the draft: ${p.check}` : "amtool check-config: the draft is valid."}
      </p>
      {"error" in p.running ? (
        <p className="alert-error">What Alertmanager runs could not be read: {p.running.error}</p>
      ) : (
        <p className="muted" data-testid="running-source">
          Running: {p.running.source}. {p.diff ? "The draft differs:" : "The draft is what runs."}
        </p>
      )}
      {p.diff && <Diff text={p.diff} label="Diff against what runs" />}
      {canApply && (
        <form
          className="settings-actions"
          onSubmit={(e) => {
            e.preventDefault();
            apply.mutate();
          }}
        >
          <input aria-label="What changed (for the version history)" value={message} onChange={(e) => setMessage(e.target.value)} placeholder="What changed and why" size={40} maxLength={500} />
          <button type="submit" className="btn btn-primary" disabled={dirty || apply.isPending || p.check !== null}>
            {apply.isPending ? "Applying…" : "Apply to Alertmanager"}
          </button>
        </form>
      )}
      {apply.error && (
        <p className="alert-error" role="alert">
          {apply.error.message}
        </p>
      )}
      {apply.data && (
        <p className="panel-healthy" role="status">
          Applied as version {apply.data.version.id}; Alertmanager runs it.
        </p>
      )}
      <details>
        <summary>The draft&apos;s alertmanager.yml (secrets as placeholders)</summary>
        <pre className="yaml" aria-label="Draft YAML">
          {p.yaml}
        </pre>
      </details>
    </div>
  );
}

/** Every version applied, who applied it and whether Alertmanager took it; roll back to any that was applied. */
export function Versions({ canRollback }: { canRollback: boolean }) {
  const client = useQueryClient();
  const versions = useQuery({ queryKey: routingKeys.versions, queryFn: ({ signal }) => fetchVersions(signal) });
  const rollback = useMutation({
    mutationFn: rollbackTo,
    onSettled: () => void client.invalidateQueries({ queryKey: routingKeys.state.slice(0, 1) }),
  });
  if (versions.error) return <p className="alert-error" role="alert">{versions.error.message}</p>;
  if (!versions.data) return <div className="skeleton" style={{ minHeight: 120 }} aria-busy="true" />;
  const current = versions.data.versions.find((v) => v.status === "applied")?.id;
  return (
    <>
      {rollback.error && (
        <p className="alert-error" role="alert">
          {rollback.error.message}
        </p>
      )}
      {rollback.data && (
        <p className="panel-healthy" role="status">
          Rolled back: version {rollback.data.version.id} re-applies version {rollback.data.version.rollbackOf}, and is the draft again.
        </p>
      )}
      <table className="data-table" aria-label="Applied versions">
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Applied</th>
            <th scope="col">By</th>
            <th scope="col">Outcome</th>
            <th scope="col">Note</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {versions.data.versions.map((v) => (
            <tr key={v.id} data-version={v.id} data-status={v.status}>
              <td>
                {v.id} {v.id === current && <span className="chip">running</span>}
              </td>
              <td>{formatTime(v.appliedAt, "browser").slice(0, 19)}</td>
              <td>{v.appliedBy}</td>
              <td className={v.status === "failed" ? "value-bad" : undefined}>{v.status === "failed" ? `failed: ${v.error}` : "applied"}</td>
              <td className="muted">{v.rollbackOf ? `rollback to ${v.rollbackOf}` : (v.message ?? "")}</td>
              <td>
                <a href={`/api/routing/export?version=${v.id}`}>YAML</a>{" "}
                {canRollback && v.status === "applied" && v.id !== current && (
                  <button type="button" className="btn btn-small" disabled={rollback.isPending} onClick={() => rollback.mutate(v.id)}>
                    Roll back to {v.id}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
