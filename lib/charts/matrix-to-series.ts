import type { Labels, Matrix } from "@/lib/prom/schemas";

/** One line of a chart: a name for the legend, its labels, and [ms, value | null] points. */
export interface Series {
  id: string;
  name: string;
  labels: Labels;
  points: [number, number | null][];
}

/** Grafana's legend templates: `{{Hostname}} GPU {{gpu}}`; unknown labels become empty. */
export function formatLegend(template: string | undefined, labels: Labels): string {
  if (template) return template.replace(/\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g, (_, name: string) => labels[name] ?? "");
  return labelsToString(labels);
}

/** Prometheus' own series notation: `name{a="1", b="2"}`. */
export function labelsToString(labels: Labels): string {
  const { __name__: name = "", ...rest } = labels;
  const inner = Object.keys(rest)
    .sort()
    .map((k) => `${k}="${rest[k]}"`)
    .join(", ");
  return inner ? `${name}{${inner}}` : name || "{}";
}

function parseSampleValue(v: string): number | null {
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

/**
 * Prometheus omits the steps where a series had no sample; a null at each missing step
 * breaks the line there instead of drawing a straight line across the gap.
 */
export function matrixToSeries(matrix: Matrix, opts: { stepSeconds: number; legend?: string; queryRef?: string }): Series[] {
  const stepMs = opts.stepSeconds * 1000;
  return matrix.result.map((r) => {
    const points: [number, number | null][] = [];
    let previous: number | undefined;
    for (const [t, v] of r.values) {
      const ms = Math.round(t * 1000);
      if (previous !== undefined && ms - previous > stepMs * 1.5) points.push([previous + stepMs, null]);
      points.push([ms, parseSampleValue(v)]);
      previous = ms;
    }
    // Two queries of a panel can return the same label set (a draw and its limit): the query tells them apart.
    const id = opts.queryRef ? `${opts.queryRef}:${labelsToString(r.metric)}` : labelsToString(r.metric);
    return { id, name: formatLegend(opts.legend, r.metric), labels: r.metric, points };
  });
}

/** Summary values for a legend table (Grafana's "last", "max", "mean"). */
export function seriesStats(series: Series): { last: number | null; max: number | null; mean: number | null } {
  const values = series.points.map((p) => p[1]).filter((v): v is number => v !== null);
  if (values.length === 0) return { last: null, max: null, mean: null };
  return {
    last: values.at(-1) ?? null,
    max: Math.max(...values),
    mean: values.reduce((a, b) => a + b, 0) / values.length,
  };
}
