"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { fetchRouting, putReceiver, putRouting, routingKeys, type RoutingState } from "@/lib/routing/client";
import type { RoutingModelEdit } from "@/lib/routing/model";
import { PreviewApply, Versions } from "./PreviewApply";
import { ReceiverFields, receiverInput, type ReceiverDraft } from "./ReceiverFields";
import { RouteTreeEditor, type RouteDraft } from "./RouteTreeEditor";
import { InhibitionsEditor, TimeIntervalsEditor } from "./RulesEditors";

/**
 * `/routing`: the team routing in Postgres, edited here and applied to Alertmanager.
 * Admins edit everything and apply; a team lead edits their team's receivers; others read.
 * Edits are a local draft until saved; the preview is of the saved draft.
 */
export type Draft = Omit<RoutingState["routing"], "route" | "receivers"> & { route: RouteDraft; receivers: ReceiverDraft[] };

const TABS = ["Routes", "Receivers", "Time intervals", "Inhibitions", "Preview & apply", "Versions"] as const;
type Tab = (typeof TABS)[number];

function draftOf(state: RoutingState): Draft {
  return structuredClone(state.routing) as Draft;
}

function modelOf(draft: Draft): RoutingModelEdit {
  return { ...draft, receivers: draft.receivers.map(receiverInput) } as RoutingModelEdit;
}

export function RoutingEditor() {
  const client = useQueryClient();
  const state = useQuery({ queryKey: routingKeys.state, queryFn: ({ signal }) => fetchRouting(signal) });
  const [tab, setTab] = useState<Tab>("Routes");
  const [draft, setDraft] = useState<Draft | null>(null);
  const [dirty, setDirty] = useState(false);
  // Bumped on save and discard: remounts the forms, whose text fields commit on blur.
  const [epoch, setEpoch] = useState(0);
  useEffect(() => {
    if (state.data && !dirty) setDraft(draftOf(state.data));
  }, [state.data, dirty]);
  const saved = (next: RoutingState) => {
    client.setQueryData(routingKeys.state, next);
    void client.invalidateQueries({ queryKey: routingKeys.preview });
    setDraft(draftOf(next));
    setDirty(false);
    setEpoch((e) => e + 1);
  };
  const save = useMutation({ mutationFn: (d: Draft) => putRouting(state.data!.revision, modelOf(d)), onSuccess: saved });
  const saveOne = useMutation({ mutationFn: (r: ReceiverDraft) => putReceiver(state.data!.revision, receiverInput(r)), onSuccess: saved });

  if (state.error) return <p className="alert-error" role="alert">{state.error.message}</p>;
  if (!state.data || !draft) return <div className="skeleton" style={{ minHeight: 200 }} aria-busy="true" />;
  const { canEdit } = state.data;
  const edit = (change: (d: Draft) => Draft) => {
    setDraft((d) => d && change(d));
    setDirty(true);
  };
  const receiverNames = draft.receivers.map((r) => r.name);
  const intervalNames = draft.timeIntervals.map((t) => t.name);
  const error = save.error ?? saveOne.error;

  return (
    <section aria-label="Routing" className="settings routing">
      <h1>Routing</h1>
      <p className="muted">
        Who gets which alert: the route tree, the receivers and their integrations, on-call hours and inhibitions, kept here and compiled into Alertmanager&apos;s{" "}
        <code>alertmanager.yml</code>. {canEdit.all ? "You edit everything and apply it." : canEdit.teams.length ? `You edit the receivers of ${canEdit.teams.join(", ")}; an admin applies.` : "Read-only for you: admins edit it, team leads their team's receivers."}{" "}
        <Link href="/routing/test">Route tester</Link> · <a href="/api/routing/export">Export YAML</a>
      </p>
      <p className="muted" data-testid="routing-revision">
        Draft revision {state.data.revision}, saved by {state.data.updatedBy}
        {dirty && <strong className="value-bad"> · unsaved changes</strong>}
      </p>
      <div role="tablist" aria-label="Routing sections" className="routing-tabs">
        {TABS.map((t) => (
          <button key={t} type="button" role="tab" aria-selected={tab === t} className={`btn ${tab === t ? "tab-active" : ""}`} onClick={() => setTab(t)}>
            {t}
          </button>
        ))}
      </div>
      {error && (
        <p className="alert-error" role="alert">
          {error.message}
        </p>
      )}
      <div role="tabpanel" aria-label={tab} key={epoch}>
        {tab === "Routes" && <RouteTreeEditor route={draft.route} onChange={(route) => edit((d) => ({ ...d, route }))} receivers={receiverNames} intervals={intervalNames} readOnly={!canEdit.all} />}
        {tab === "Receivers" && (
          <div className="routing-receivers">
            <table className="data-table" aria-label="Teams">
              <thead>
                <tr>
                  <th scope="col">Team</th>
                  <th scope="col">Slug</th>
                  <th scope="col">Its alerts carry</th>
                  <th scope="col">Receivers</th>
                </tr>
              </thead>
              <tbody>
                {state.data.teams.map((t) => (
                  <tr key={t.slug}>
                    <td>{t.name}</td>
                    <td>{t.slug}</td>
                    <td>
                      <code>team=&quot;{t.labelValue}&quot;</code>
                    </td>
                    <td>{draft.receivers.filter((r) => r.team === t.slug).map((r) => r.name).join(", ") || "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {draft.receivers.map((r, i) => {
              const mayEdit = canEdit.all || (r.team !== undefined && canEdit.teams.includes(r.team));
              return (
                <ReceiverFields
                  key={i}
                  receiver={r}
                  teams={state.data.teams.map((t) => t.slug)}
                  meta={state.data.receivers[r.name]}
                  admin={canEdit.all}
                  readOnly={!mayEdit}
                  onChange={(next) => edit((d) => ({ ...d, receivers: d.receivers.map((x, j) => (j === i ? next : x)) }))}
                  onRemove={canEdit.all ? () => edit((d) => ({ ...d, receivers: d.receivers.filter((_, j) => j !== i) })) : undefined}
                  onSave={!canEdit.all && mayEdit ? () => saveOne.mutate(r) : undefined}
                  saving={saveOne.isPending}
                />
              );
            })}
            {canEdit.all && (
              <button type="button" className="btn" onClick={() => edit((d) => ({ ...d, receivers: [...d.receivers, { name: `receiver-${d.receivers.length + 1}`, kind: "none" }] }))}>
                Add receiver
              </button>
            )}
          </div>
        )}
        {tab === "Time intervals" && <TimeIntervalsEditor intervals={draft.timeIntervals} onChange={(timeIntervals) => edit((d) => ({ ...d, timeIntervals }))} readOnly={!canEdit.all} />}
        {tab === "Inhibitions" && <InhibitionsEditor rules={draft.inhibitRules} onChange={(inhibitRules) => edit((d) => ({ ...d, inhibitRules }))} readOnly={!canEdit.all} />}
        {tab === "Preview & apply" && <PreviewApply canApply={canEdit.all} dirty={dirty} />}
        {tab === "Versions" && <Versions canRollback={canEdit.all} />}
      </div>
      {canEdit.all && tab !== "Preview & apply" && tab !== "Versions" && (
        <div className="settings-actions">
          <button type="button" className="btn btn-primary" disabled={!dirty || save.isPending} onClick={() => save.mutate(draft)}>
            {save.isPending ? "Saving…" : "Save draft"}
          </button>
          <button
            type="button"
            className="btn"
            disabled={!dirty}
            onClick={() => {
              setDraft(draftOf(state.data));
              setDirty(false);
              setEpoch((e) => e + 1);
            }}
          >
            Discard changes
          </button>
          <span className="muted">Saving does not change Alertmanager: preview the YAML and apply it.</span>
        </div>
      )}
    </section>
  );
}
