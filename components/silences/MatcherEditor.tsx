"use client";

import type { Matcher } from "@/lib/alerting/silences";

const OPS = [
  { op: "=", isRegex: false, isEqual: true },
  { op: "!=", isRegex: false, isEqual: false },
  { op: "=~", isRegex: true, isEqual: true },
  { op: "!~", isRegex: true, isEqual: false },
] as const;
const opOf = (m: Matcher) => OPS.find((o) => o.isRegex === m.isRegex && o.isEqual === m.isEqual)!.op;

/** Alertmanager matchers, one row each (label, operator, value): a silence's and a maintenance window's. */
export function MatcherEditor({ matchers, onChange }: { matchers: Matcher[]; onChange: (next: Matcher[]) => void }) {
  const set = (i: number, patch: Partial<Matcher>) => onChange(matchers.map((m, j) => (j === i ? { ...m, ...patch } : m)));
  return (
    <fieldset>
      <legend>Matchers (all must match)</legend>
      {matchers.map((m, i) => (
        <div key={i} className="matcher-row">
          <input aria-label={`Matcher ${i + 1} label`} value={m.name} placeholder="label" onChange={(e) => set(i, { name: e.target.value.trim() })} />
          <select aria-label={`Matcher ${i + 1} operator`} value={opOf(m)} onChange={(e) => set(i, OPS.find((o) => o.op === e.target.value)!)}>
            {OPS.map((o) => (
              <option key={o.op}>{o.op}</option>
            ))}
          </select>
          <input aria-label={`Matcher ${i + 1} value`} value={m.value} placeholder="value" onChange={(e) => set(i, { value: e.target.value })} />
          <button type="button" className="btn btn-small" aria-label={`Remove matcher ${i + 1}`} onClick={() => onChange(matchers.filter((_, j) => j !== i))} disabled={matchers.length === 1}>
            ×
          </button>
        </div>
      ))}
      <button type="button" className="btn btn-small" onClick={() => onChange([...matchers, { name: "", value: "", isRegex: false, isEqual: true }])}>
        + Matcher
      </button>
    </fieldset>
  );
}
