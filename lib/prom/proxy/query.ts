import { parser } from "@prometheus-io/lezer-promql";
import type { Tree } from "@lezer/common";

/**
 * A PromQL expression parsed once, with Prometheus' own lezer grammar. The proxy parses
 * a query when it arrives and hands this to every step after (validate → scope → limit);
 * only the scope rewrite, which makes a new text, parses that text once more (to check
 * it fail-closed) and hands its tree on. Pure: the editor and runbooks use it too.
 */
export interface ParsedQuery {
  readonly expr: string;
  readonly tree: Tree;
}

export function parseQuery(expr: string): ParsedQuery {
  return { expr, tree: parser.parse(expr) };
}

/** The text or its parse: a step given text parses it (callers outside the proxy have only text). */
export function parsed(query: ParsedQuery | string): ParsedQuery {
  return typeof query === "string" ? parseQuery(query) : query;
}
