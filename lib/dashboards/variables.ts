import { escapeRegex } from "@/lib/prom/regex";

/**
 * Dashboard variables (pure): values chosen in the URL become regex alternations inside
 * the panels' label matchers (`{cluster=~"$cluster"}`), "All" becomes `.*`; a variable's
 * own query may use the variables before it (nodes of the chosen cluster).
 */
export const ALL = "$__all";

export interface VariableDef {
  name: string;
  label: string;
  kind?: "label" | "datasource";
  /** The label whose values are offered. */
  labelName: string;
  /** A series selector limiting the values; may use earlier variables. */
  match?: string;
  multi: boolean;
  includeAll: boolean;
}


/** What a variable stands for in a query: `.*` for All, else the values as a regex alternation. */
export function variableRegex(values: readonly string[]): string {
  if (values.length === 0 || values.includes(ALL)) return ".*";
  const alternation = values.map(escapeRegex).join("|");
  // Inside a PromQL double-quoted string, a backslash is itself escaped.
  return alternation.replace(/\\/g, "\\\\");
}

/** Replaces `$name` and `${name}` by the variable's regex; unknown names stay as written. */
export function interpolate(expr: string, values: Record<string, readonly string[]>): string {
  return expr.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, braced: string | undefined, bare: string | undefined) => {
    const name = braced ?? bare ?? "";
    const chosen = values[name];
    return chosen === undefined ? whole : variableRegex(chosen);
  });
}

/**
 * The values in effect for a variable: those in the URL that are still offered (or All),
 * else All when allowed, else the first option.
 */
export function effectiveValues(def: VariableDef, fromUrl: readonly string[] | undefined, options: readonly string[]): string[] {
  const wanted = (fromUrl ?? []).filter((v) => v === ALL ? def.includeAll : options.includes(v));
  const picked = def.multi ? wanted : wanted.slice(0, 1);
  if (picked.length > 0) return picked;
  if (def.includeAll) return [ALL];
  return options.length > 0 ? [options[0]!] : [];
}

/** A panel's datasource: as written, or a datasource variable's value (`$datasource`). */
export function resolveDatasource(ref: string, values: Record<string, readonly string[]>): string {
  const m = /^\$\{?(\w+)\}?$/.exec(ref);
  if (!m) return ref;
  return values[m[1]!]?.[0] ?? "default";
}

/** Grafana's built-in range variables, as PromQL durations. */
export interface BuiltinValues {
  /** The panel's time range, `$__range`. */
  rangeSeconds: number;
  /** The panel's step, `$__interval`. */
  intervalSeconds: number;
}

/** Replaces `$__range` and `$__interval` (also braced) by durations in whole seconds. */
export function interpolateBuiltins(expr: string, { rangeSeconds, intervalSeconds }: BuiltinValues): string {
  const seconds = (n: number) => `${Math.max(1, Math.round(n))}s`;
  return expr.replace(/\$\{__(range|interval)\}|\$__(range|interval)\b/g, (_, braced: string | undefined, bare: string | undefined) =>
    (braced ?? bare) === "range" ? seconds(rangeSeconds) : seconds(intervalSeconds),
  );
}
