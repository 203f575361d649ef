"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { MutationForm } from "./MutationForm";
import type { UserView } from "@/lib/access/model";
import { accessKeys, createUser, endUserSessions, fetchTeams, fetchUsers, updateUser } from "@/lib/access/client";
import { ROLES, type Role } from "@/lib/auth/roles";
import { formatTime } from "@/lib/dashboards/time-range";

/** Team slugs as typed ("ml-research, inference*"): a trailing * marks the lead. */
function parseTeams(text: string): { team: string; lead: boolean }[] {
  return text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((t) => ({ team: t.replace(/\*$/, ""), lead: t.endsWith("*") }));
}
const teamsText = (u: UserView) => u.teams.map((t) => `${t.slug}${t.lead ? "*" : ""}`).join(", ");

function UserRow({ user, self }: { user: UserView; self: boolean }) {
  const client = useQueryClient();
  const [role, setRole] = useState<Role>(user.role);
  const [teams, setTeams] = useState(teamsText(user));
  const save = useMutation({
    mutationFn: (body: object) => updateUser(user.id, body),
    onSuccess: () => client.invalidateQueries({ queryKey: accessKeys.users }),
  });
  const ends = useMutation({ mutationFn: () => endUserSessions(user.id) });
  return (
    <tr aria-label={user.email}>
      <td>
        {user.name}
        <div className="muted">{user.email}</div>
      </td>
      <td>
        <select className="input" aria-label={`Role of ${user.email}`} value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
      </td>
      <td>
        <input className="input" aria-label={`Teams of ${user.email}`} value={teams} onChange={(e) => setTeams(e.target.value)} size={28} />
      </td>
      <td>
        {user.disabled ? "disabled" : user.lockedUntil ? `locked until ${formatTime(user.lockedUntil, "browser").slice(11, 16)}` : "active"}
        {user.sso && <span className="muted"> · SSO</span>}
      </td>
      <td>{user.lastLoginAt ? formatTime(user.lastLoginAt, "browser").slice(0, 16) : "—"}</td>
      <td className="settings-actions">
        <button type="button" className="btn btn-small" onClick={() => save.mutate({ role, teams: parseTeams(teams) })} aria-label={`Save ${user.email}`}>
          Save
        </button>
        {user.lockedUntil && (
          <button type="button" className="btn btn-small" onClick={() => save.mutate({ unlock: true })}>
            Unlock
          </button>
        )}
        {!self && (
          <button type="button" className="btn btn-small" onClick={() => save.mutate({ disabled: !user.disabled })}>
            {user.disabled ? "Enable" : "Disable"}
          </button>
        )}
        {!user.sso && (
          <button type="button" className="btn btn-small" onClick={() => save.mutate({ password: null })} title="Remove the password: the user signs in through single sign-on only">
            Switch to SSO
          </button>
        )}
        <button type="button" className="btn btn-small" onClick={() => ends.mutate()} title="End every session of this user">
          Sign out everywhere
        </button>
        {save.error && (
          <p role="alert" className="alert-error">
            {save.error.message}
          </p>
        )}
        {save.isPending && <span role="status">saving…</span>}
        {ends.isSuccess && <span role="status">sessions ended</span>}
      </td>
    </tr>
  );
}

/** Users, their role and teams (a * marks a team lead); create, change role and teams, disable, unlock, end sessions. */
export function UsersAdmin({ selfId }: { selfId: string }) {
  const client = useQueryClient();
  const users = useQuery({ queryKey: accessKeys.users, queryFn: fetchUsers });
  const teams = useQuery({ queryKey: accessKeys.teams, queryFn: fetchTeams });
  const [draft, setDraft] = useState({ email: "", name: "", role: "viewer" as Role, teams: "", password: "" });
  const create = useMutation({
    mutationFn: () => createUser({ email: draft.email, name: draft.name, role: draft.role, teams: parseTeams(draft.teams), ...(draft.password ? { password: draft.password } : {}) }),
    onSuccess: () => {
      setDraft({ email: "", name: "", role: "viewer", teams: "", password: "" });
      void client.invalidateQueries({ queryKey: accessKeys.users });
    },
  });
  return (
    <section className="settings" aria-label="Users">
      <p className="muted">
        Teams: {teams.data?.map((t) => t.slug).join(", ") ?? "…"}. Type slugs separated by commas; a trailing <code>*</code> makes the user that team&apos;s lead (they edit
        its receivers). A role change or disabling ends the user&apos;s sessions.
      </p>
      {users.error && <p className="alert-error">{users.error.message}</p>}
      <table className="data-table" aria-label="Users">
        <thead>
          <tr>
            <th scope="col">User</th>
            <th scope="col">Role</th>
            <th scope="col">Teams</th>
            <th scope="col">State</th>
            <th scope="col">Last sign-in</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {(users.data ?? []).map((u) => (
            <UserRow key={`${u.id}:${u.role}:${teamsText(u)}`} user={u} self={u.id === selfId} />
          ))}
        </tbody>
      </table>
      <h2>Add a user</h2>
      <MutationForm label="Add a user" submit="Add user" mutation={create}>
        <label>
          Email <input className="input" type="email" value={draft.email} onChange={(e) => setDraft({ ...draft, email: e.target.value })} />
        </label>
        <label>
          Name <input className="input" value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
        </label>
        <label>
          Role{" "}
          <select className="input" value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.target.value as Role })}>
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <label>
          Teams <input className="input" value={draft.teams} onChange={(e) => setDraft({ ...draft, teams: e.target.value })} placeholder="ml-research, inference*" />
        </label>
        <label>
          Password <input className="input" type="password" autoComplete="new-password" value={draft.password} onChange={(e) => setDraft({ ...draft, password: e.target.value })} placeholder="empty: SSO only" />
        </label>
      </MutationForm>
    </section>
  );
}
