"use client";

import { formatTime } from "@/lib/dashboards/time-range";
import type { RoutingModelEdit, SecretView } from "@/lib/routing/model";

/** What the editor holds of a secret: as the API showed it, or what the user has typed since. */
type SecretDraft = SecretView | { value: string } | { keep: true };
const KINDS = ["none", "slack", "pagerduty", "webhook", "email", "opsgenie"] as const;
type Kind = (typeof KINDS)[number];
const SECRET: Record<Kind, { field: "apiUrl" | "routingKey" | "url" | "apiKey"; label: string; url: boolean } | null> = {
  none: null,
  slack: { field: "apiUrl", label: "Webhook URL", url: true },
  pagerduty: { field: "routingKey", label: "Routing key", url: false },
  webhook: { field: "url", label: "URL", url: true },
  email: null,
  opsgenie: { field: "apiKey", label: "API key", url: false },
};

export interface ReceiverDraft {
  name: string;
  kind: Kind;
  team?: string;
  channel?: string;
  to?: string;
  sendResolved?: boolean;
  apiUrl?: SecretDraft;
  routingKey?: SecretDraft;
  url?: SecretDraft;
  apiKey?: SecretDraft;
}

/** The receiver as the API takes it: only its kind's fields; a stored secret left alone is "keep". */
export function receiverInput(r: ReceiverDraft): RoutingModelEdit["receivers"][number] {
  const base = { name: r.name, ...(r.team ? { team: r.team } : {}) };
  const secret = SECRET[r.kind];
  const value = secret ? r[secret.field] : undefined;
  const given = value && "stored" in value ? { keep: true as const } : (value ?? { value: "" });
  const resolved = r.sendResolved === undefined ? {} : { sendResolved: r.sendResolved };
  switch (r.kind) {
    case "none":
      return { ...base, kind: "none" };
    case "email":
      return { ...base, kind: "email", to: r.to ?? "", ...resolved };
    case "slack":
      return { ...base, kind: "slack", channel: r.channel ?? "", apiUrl: given, ...resolved } as RoutingModelEdit["receivers"][number];
    default:
      return { ...base, kind: r.kind, [secret!.field]: given, ...resolved } as RoutingModelEdit["receivers"][number];
  }
}

interface Props {
  receiver: ReceiverDraft;
  teams: string[];
  meta?: { updatedBy: string; updatedAt: number };
  admin: boolean;
  readOnly: boolean;
  onChange: (r: ReceiverDraft) => void;
  onRemove?: () => void;
  onSave?: () => void;
  saving: boolean;
}

/** One receiver's form. A stored secret is never shown: it says "stored" and can be replaced or pointed elsewhere. */
export function ReceiverFields({ receiver: r, teams, meta, admin, readOnly, onChange, onRemove, onSave, saving }: Props) {
  const secret = SECRET[r.kind];
  const current = secret ? r[secret.field] : undefined;
  const mode = !current ? "value" : "stored" in current ? "stored" : "env" in current ? "env" : "file" in current ? "file" : "keep" in current ? "stored" : "value";
  const setSecret = (value: SecretDraft) => secret && onChange({ ...r, [secret.field]: value });
  return (
    <fieldset className="receiver" disabled={readOnly} aria-label={`Receiver ${r.name}`} data-receiver={r.name}>
      <legend>
        <strong>{r.name}</strong> {r.team && <span className="chip">team {r.team}</span>} {meta && <span className="muted">changed {formatTime(meta.updatedAt, "browser").slice(0, 16)} by {meta.updatedBy}</span>}
      </legend>
      <div className="route-fields">
        {admin && (
          <>
            <label>
              Name
              <input aria-label={`Name of receiver ${r.name}`} value={r.name} onChange={(e) => onChange({ ...r, name: e.target.value })} size={18} />
            </label>
            <label>
              Team
              <select aria-label={`Team of receiver ${r.name}`} value={r.team ?? ""} onChange={(e) => onChange({ ...r, team: e.target.value || undefined })}>
                <option value="">(admins only)</option>
                {teams.map((t) => (
                  <option key={t}>{t}</option>
                ))}
              </select>
            </label>
          </>
        )}
        <label>
          Kind
          <select aria-label={`Kind of receiver ${r.name}`} value={r.kind} onChange={(e) => onChange({ name: r.name, team: r.team, kind: e.target.value as Kind })}>
            {KINDS.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        {r.kind === "slack" && (
          <label>
            Channel
            <input aria-label={`Channel of receiver ${r.name}`} value={r.channel ?? ""} onChange={(e) => onChange({ ...r, channel: e.target.value })} placeholder="#gpu-alerts" size={16} />
          </label>
        )}
        {r.kind === "email" && (
          <label>
            To
            <input aria-label={`E-mail of receiver ${r.name}`} value={r.to ?? ""} onChange={(e) => onChange({ ...r, to: e.target.value })} placeholder="oncall@example.com" size={24} />
          </label>
        )}
        {secret && (
          <div className="secret-field">
            <label>
              {secret.label} from
              <select
                aria-label={`${secret.label} source of receiver ${r.name}`}
                value={mode}
                onChange={(e) => setSecret(e.target.value === "env" ? { env: "ALERTING_SECRET_" } : e.target.value === "file" ? { file: "" } : e.target.value === "stored" ? { keep: true } : { value: "" })}
              >
                {(current && ("stored" in current || "keep" in current)) && <option value="stored">stored secret (kept)</option>}
                <option value="value">{current && ("stored" in current || "keep" in current) ? "a new value" : "a value (stored encrypted)"}</option>
                <option value="env">environment variable</option>
                {!secret.url || r.kind !== "webhook" ? <option value="file">file Alertmanager reads</option> : null}
              </select>
            </label>
            {mode === "stored" && <span className="muted" data-testid="secret-stored">Stored encrypted; not shown. Choose “a new value” to replace it.</span>}
            {mode === "value" && (
              <input
                type="password"
                autoComplete="off"
                aria-label={`${secret.label} of receiver ${r.name}`}
                value={current && "value" in current ? current.value : ""}
                onChange={(e) => setSecret({ value: e.target.value })}
                placeholder={secret.url ? "https://…" : ""}
                size={36}
              />
            )}
            {mode === "env" && current && "env" in current && (
              <input aria-label={`${secret.label} variable of receiver ${r.name}`} value={current.env} onChange={(e) => setSecret({ env: e.target.value })} placeholder="ALERTING_SECRET_SLACK_URL" size={28} title="Only variables named ALERTING_SECRET_… can be referenced" />
            )}
            {mode === "file" && current && "file" in current && (
              <input aria-label={`${secret.label} file of receiver ${r.name}`} value={current.file} onChange={(e) => setSecret({ file: e.target.value })} placeholder="/etc/alertmanager/secret" size={30} />
            )}
          </div>
        )}
        {r.kind !== "none" && (
          <label>
            <input type="checkbox" aria-label={`Send resolved of receiver ${r.name}`} checked={r.sendResolved ?? r.kind !== "email"} onChange={(e) => onChange({ ...r, sendResolved: e.target.checked })} /> send resolved
          </label>
        )}
      </div>
      <div className="route-card-actions">
        {onSave && (
          <button type="button" className="btn btn-primary btn-small" onClick={onSave} disabled={saving}>
            Save receiver
          </button>
        )}
        {onRemove && (
          <button type="button" className="btn btn-small" onClick={onRemove}>
            Remove
          </button>
        )}
      </div>
    </fieldset>
  );
}
