"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { MutationForm } from "./MutationForm";
import type { TeamView } from "@/lib/access/model";
import { accessKeys, createTeam, fetchTeams, updateTeam } from "@/lib/access/client";

function TeamRow({ team }: { team: TeamView }) {
  const client = useQueryClient();
  const [name, setName] = useState(team.name);
  const [labelValue, setLabelValue] = useState(team.labelValue);
  const save = useMutation({ mutationFn: () => updateTeam(team.slug, { name, labelValue }), onSuccess: () => client.invalidateQueries({ queryKey: accessKeys.teams }) });
  return (
    <tr aria-label={team.slug}>
      <td>
        <code>{team.slug}</code>
      </td>
      <td>
        <input className="input" aria-label={`Name of ${team.slug}`} value={name} onChange={(e) => setName(e.target.value)} />
      </td>
      <td>
        <input className="input" aria-label={`Label value of ${team.slug}`} value={labelValue} onChange={(e) => setLabelValue(e.target.value)} />
      </td>
      <td>{team.members}</td>
      <td>
        <button type="button" className="btn btn-small" onClick={() => save.mutate()}>
          Save
        </button>
        {save.error && (
          <p role="alert" className="alert-error">
            {save.error.message}
          </p>
        )}
      </td>
    </tr>
  );
}

/** Teams: the slug (fixed; runbooks, receivers and tokens name it), a display name, and the `team` label value of their series and alerts. */
export function TeamsAdmin() {
  const client = useQueryClient();
  const teams = useQuery({ queryKey: accessKeys.teams, queryFn: fetchTeams });
  const [draft, setDraft] = useState({ slug: "", name: "", labelValue: "" });
  const create = useMutation({
    mutationFn: () => createTeam({ slug: draft.slug, name: draft.name, ...(draft.labelValue ? { labelValue: draft.labelValue } : {}) }),
    onSuccess: () => {
      setDraft({ slug: "", name: "", labelValue: "" });
      void client.invalidateQueries({ queryKey: accessKeys.teams });
    },
  });
  return (
    <section className="settings" aria-label="Teams">
      {teams.error && <p className="alert-error">{teams.error.message}</p>}
      <table className="data-table" aria-label="Teams">
        <thead>
          <tr>
            <th scope="col">Slug</th>
            <th scope="col">Name</th>
            <th scope="col">
              <code>team</code> label value
            </th>
            <th scope="col">Members</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {(teams.data ?? []).map((t) => (
            <TeamRow key={`${t.slug}:${t.name}:${t.labelValue}`} team={t} />
          ))}
        </tbody>
      </table>
      <h2>Add a team</h2>
      <MutationForm label="Add a team" submit="Add team" mutation={create}>
        <label>
          Slug <input className="input" value={draft.slug} onChange={(e) => setDraft({ ...draft, slug: e.target.value })} placeholder="ml-research" />
        </label>
        <label>
          Name <input className="input" value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
        </label>
        <label>
          Label value <input className="input" value={draft.labelValue} onChange={(e) => setDraft({ ...draft, labelValue: e.target.value })} placeholder="the slug" />
        </label>
      </MutationForm>
    </section>
  );
}
