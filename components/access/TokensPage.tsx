"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { MutationForm } from "./MutationForm";
import { accessKeys, createToken, fetchTokens, revokeToken, signOutEverywhere } from "@/lib/access/client";
import { isTeamScoped, type Role } from "@/lib/auth/roles";
import { formatTime } from "@/lib/dashboards/time-range";
import { EXPIRY_DAYS, grantableRoles, type TokenView } from "@/lib/tokens/model";

const when = (ms: number | null) => (ms === null ? "—" : formatTime(ms, "browser").slice(0, 16));

/** Your API tokens (an admin: everyone's) and your sessions: mint within your role, shown once; revoke; sign out everywhere. */
export function TokensPage({ user, teams }: { user: { id: string; role: Role; teams: string[] }; teams: string[] }) {
  const client = useQueryClient();
  const tokens = useQuery({ queryKey: accessKeys.tokens, queryFn: fetchTokens });
  const roles = grantableRoles(user.role);
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>(roles.at(-1)!);
  const [chosen, setChosen] = useState<string[]>(isTeamScoped(user.role) ? user.teams.slice(0, 1) : []);
  const [expiry, setExpiry] = useState<string>("90");
  const [minted, setMinted] = useState<{ token: string; view: TokenView } | null>(null);
  const create = useMutation({
    mutationFn: () => createToken({ name, role, teams: isTeamScoped(role) ? chosen : [], expiresInDays: expiry === "never" ? null : Number(expiry) }),
    onSuccess: (answer) => {
      setMinted(answer);
      setName("");
      void client.invalidateQueries({ queryKey: accessKeys.tokens });
    },
  });
  const revoke = useMutation({ mutationFn: revokeToken, onSuccess: () => client.invalidateQueries({ queryKey: accessKeys.tokens }) });
  const offered = isTeamScoped(user.role) ? user.teams : teams;

  return (
    <section className="settings" aria-label="API tokens">
      <h1>API tokens</h1>
      <p className="muted">
        A token lets Grafana, promtool or a script use the console as its Prometheus datasource (<code>/api/prom/default</code>, <code>Authorization: Bearer …</code>) and its
        JSON API. It acts with the role you give it — never more than yours — and a developer token sees only its teams&apos; series. It is shown once; only its hash is kept.
      </p>
      <MutationForm label="New token" submit="Create token" mutation={create}>
        <label>
          Name <input className="input" value={name} onChange={(e) => setName(e.target.value)} placeholder="grafana-prod" maxLength={100} />
        </label>
        <label>
          Role{" "}
          <select className="input" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {roles.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        {isTeamScoped(role) && (
          <fieldset>
            <legend>Teams it sees</legend>
            {offered.map((t) => (
              <label key={t}>
                <input type="checkbox" checked={chosen.includes(t)} onChange={(e) => setChosen((c) => (e.target.checked ? [...c, t] : c.filter((x) => x !== t)))} /> {t}
              </label>
            ))}
          </fieldset>
        )}
        <label>
          Expires{" "}
          <select className="input" value={expiry} onChange={(e) => setExpiry(e.target.value)}>
            {EXPIRY_DAYS.map((d) => (
              <option key={d} value={String(d)}>
                in {d} days
              </option>
            ))}
            {user.role === "admin" && <option value="never">never</option>}
          </select>
        </label>
      </MutationForm>
      {minted && (
        <div role="status" className="card" aria-label="New token value">
          <p>
            <strong>{minted.view.name}</strong>: copy it now — it is not shown again.
          </p>
          <code data-testid="new-token">{minted.token}</code>{" "}
          <button type="button" className="btn btn-small" onClick={() => void navigator.clipboard?.writeText(minted.token)}>
            Copy
          </button>
        </div>
      )}
      {tokens.error && <p className="alert-error">{tokens.error.message}</p>}
      <table className="data-table" aria-label="Tokens">
        <thead>
          <tr>
            <th scope="col">Name</th>
            {user.role === "admin" && <th scope="col">Owner</th>}
            <th scope="col">Role</th>
            <th scope="col">Teams</th>
            <th scope="col">Created</th>
            <th scope="col">Expires</th>
            <th scope="col">Last used</th>
            <th scope="col">State</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {(tokens.data ?? []).map((t) => (
            <tr key={t.id}>
              <td>{t.name}</td>
              {user.role === "admin" && <td>{t.owner?.name ?? "CLI"}</td>}
              <td>{t.role}</td>
              <td>{t.teams.join(", ") || "all"}</td>
              <td>{when(t.createdAt)}</td>
              <td>{t.expiresAt === null ? "never" : when(t.expiresAt)}</td>
              <td>{when(t.lastUsedAt)}</td>
              <td>{t.state === "revoked" ? `revoked by ${t.revokedBy ?? "?"}` : t.state}</td>
              <td>
                {t.state === "active" && (
                  <button type="button" className="btn btn-small" onClick={() => revoke.mutate(t.id)} aria-label={`Revoke ${t.name}`}>
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {revoke.error && <p className="alert-error">{revoke.error.message}</p>}
      <h2>Sessions</h2>
      <p className="muted">Signed in on another machine and not sure you signed out? End every session of yours, this one included. Tokens stay valid; revoke them above.</p>
      <button
        type="button"
        className="btn"
        onClick={() =>
          void signOutEverywhere().then(() => {
            window.location.href = "/login";
          })
        }
      >
        Sign out everywhere
      </button>
    </section>
  );
}
