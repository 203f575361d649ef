/**
 * Per-GPU and per-node line charts at fleet scale. One line per GPU of 8,192 is tens of
 * MB of JSON per panel and a chart nobody can read; an SRE wants the outliers. So these
 * panels draw the `n` series that ranked highest (or lowest) over the whole window, plus
 * every series that had an alert pending or firing in the window — the GPU that paged
 * someone is always drawn. The ranking is evaluated once at the window's end (`@ end()`
 * over `$__range`, a subquery at the panel's step `$__interval`), so the same series are kept at every step (a per-step `topk` would
 * draw fragments), and a selection of a few nodes still shows all of their GPUs.
 */
export const TOP_SERIES = 20;

/** What a top-N query of the SRE dashboard narrows once ranked: its node variable, to the nodes kept. */
export const RANK_FIRST = { variable: "node", label: "$__host" } as const;

export interface TopSeriesInput {
  /** The panel's query: one series per `by` label set. */
  expr: string;
  /** The labels that name a series, e.g. `cluster, $__host, gpu`. */
  by: string;
  /** What ranks a series over the window (an instant vector by `by`); defaults to a subquery of `expr`. */
  rank?: string;
  order?: "highest" | "lowest";
  /** Matchers of the `ALERTS` series that keep a series drawn, e.g. `cluster=~"$cluster"`. */
  alerts: string;
  n?: number;
}

/** `rank` over the window for a plain metric selector: its max (or min) per series, no subquery. */
export function rankOverWindow(selector: string, by: string, order: "highest" | "lowest" = "highest"): string {
  const fn = order === "highest" ? "max" : "min";
  return `${fn} by (${by}) (${fn}_over_time(${selector}[$__range] @ end()))`;
}

export function topSeries({ expr, by, rank, order = "highest", alerts, n = TOP_SERIES }: TopSeriesInput): string {
  const fn = order === "highest" ? "max" : "min";
  const ranked = rank ?? `${fn}_over_time((${expr})[$__range:$__interval] @ end())`;
  const alerting = `max by (${by}) (max_over_time(ALERTS{${alerts}}[$__range] @ end()))`;
  return `(${expr}) and on (${by}) (${order === "highest" ? "topk" : "bottomk"}(${n}, ${ranked}) or on (${by}) ${alerting})`;
}
