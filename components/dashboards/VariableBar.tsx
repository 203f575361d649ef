"use client";

import { ALL } from "@/lib/dashboards/variables";
import type { ResolvedVariable } from "./use-variables";

export interface VariableBarProps {
  variables: ResolvedVariable[];
  onChange: (name: string, values: string[]) => void;
}

/** One select per variable (multi-select where allowed), "All" first when allowed. */
export function VariableBar({ variables, onChange }: VariableBarProps) {
  if (variables.length === 0) return null;
  return (
    <div className="variables" role="group" aria-label="Variables">
      {variables.map((v) => (
        <label key={v.def.name}>
          <span>{v.def.label}</span>
          <select
            aria-label={v.def.label}
            className="btn"
            multiple={v.def.multi}
            size={v.def.multi ? 3 : undefined}
            value={v.def.multi ? v.values : (v.values[0] ?? "")}
            onChange={(e) => {
              const chosen = [...e.target.selectedOptions].map((o) => o.value);
              // Picking All together with values means All; picking values drops All.
              onChange(v.def.name, chosen.length > 1 && chosen.includes(ALL) && v.values.includes(ALL) ? chosen.filter((c) => c !== ALL) : chosen.includes(ALL) ? [ALL] : chosen);
            }}
          >
            {v.def.includeAll && <option value={ALL}>All</option>}
            {v.options.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
          {v.error && <span className="variable-error" role="alert">{v.error}</span>}
        </label>
      ))}
    </div>
  );
}
