"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { matcherText } from "@/lib/alerting/silences";
import { formatTime } from "@/lib/dashboards/time-range";
import { maintenanceApi, maintenanceKeys } from "@/lib/maintenance/client";
import type { MaintenanceView } from "@/lib/maintenance/model";
import { MaintenanceForm } from "./MaintenanceForm";

const when = (ms: number) => formatTime(ms, "browser").slice(0, 16);

/** What a window would suppress if it were on now, in words. */
function coversText(w: MaintenanceView): string {
  if (!w.covers) return "Alertmanager did not answer: what it suppresses is unknown";
  const c = w.covers;
  if (c.alerts === 0) return "Suppresses no alert firing or pending now";
  return `Would suppress ${c.alerts} alert${c.alerts === 1 ? "" : "s"} now (${c.firing} firing) on ${c.gpus} GPU${c.gpus === 1 ? "" : "s"}, ${c.nodes} node${c.nodes === 1 ? "" : "s"}, ${c.jobs} job${c.jobs === 1 ? "" : "s"}${c.teams.length ? `; teams ${c.teams.join(", ")}` : ""}`;
}

/** `/maintenance`: every window, its schedule in words, the coming week's occurrences with their silences, what it would suppress now. */
export function MaintenancePage() {
  const client = useQueryClient();
  const [form, setForm] = useState<{ editing?: MaintenanceView } | null>(null);
  const list = useQuery({ queryKey: maintenanceKeys.all, queryFn: ({ signal }) => maintenanceApi.list({ signal }), refetchInterval: 30_000 });
  const remove = useMutation({ mutationFn: (w: MaintenanceView) => maintenanceApi.remove(w.id, w.version), onSettled: () => client.invalidateQueries({ queryKey: maintenanceKeys.all }) });

  return (
    <section aria-label="Maintenance windows" className="silences">
      <div className="dashboard-header">
        <h1>Maintenance windows</h1>
        <button type="button" className="btn btn-primary" onClick={() => setForm({})}>
          New window
        </button>
      </div>
      <p className="muted">
        The console makes an Alertmanager silence for each occurrence a day ahead; Alertmanager holds it pending until the window begins and expires it when it ends. Editing a window
        changes the silences of occurrences not yet begun, never those begun or past.
      </p>
      {form && <MaintenanceForm key={form.editing?.id ?? "new"} editing={form.editing} onDone={() => setForm(null)} onCancel={() => setForm(null)} />}
      {list.error && (
        <div role="alert" className="alert-error">
          {list.error.message}
        </div>
      )}
      {remove.error && (
        <div role="alert" className="alert-error">
          {remove.error.message}
        </div>
      )}
      {list.data?.length === 0 && <p data-state="healthy">No maintenance windows.</p>}
      <ul className="silence-list" aria-label="Windows">
        {list.data?.map((w) => (
          <li key={w.id} className="silence-item maintenance-item" data-window-id={w.id}>
            <div>
              <strong>{w.name}</strong> <span className="muted">— {w.describe}</span>
            </div>
            <div>
              <code>{w.matchers.map(matcherText).join(", ")}</code> <span className="muted">“{w.comment}” — {w.updatedBy}</span>
            </div>
            <div data-testid="window-covers">{coversText(w)}</div>
            <ol aria-label={`Occurrences of ${w.name}`} className="occurrences">
              {w.upcoming.length === 0 && <li className="muted">No occurrence in the coming week.</li>}
              {w.upcoming.slice(0, 6).map((o) => (
                <li key={o.startsAt} data-testid="occurrence" data-silence-state={o.silenceState ?? "none"}>
                  {when(o.startsAt)} → {when(o.endsAt)}{" "}
                  <span className="tag">{o.silenceId ? `silence ${o.silenceState}` : o.lastError ? "silence failed, tried again on the next pass" : "silence made a day ahead"}</span>
                  {o.lastError && <span className="alert-error"> {o.lastError}</span>}
                  {o.silenceId && (
                    <a href={`/silences?state=${o.silenceState === "active" ? "active" : "pending"}&q=${encodeURIComponent(o.silenceId)}`} className="muted">
                      {" "}
                      view
                    </a>
                  )}
                </li>
              ))}
            </ol>
            <div className="form-row">
              <button type="button" className="btn btn-small" onClick={() => setForm({ editing: w })}>
                Edit
              </button>
              <button type="button" className="btn btn-small" onClick={() => remove.mutate(w)} aria-label={`Delete ${w.name}`}>
                Delete
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
