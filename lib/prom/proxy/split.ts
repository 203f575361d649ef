import { labelsToString } from "@/lib/charts/matrix-to-series";
import type { ParsedQuery } from "./query";

/**
 * Range queries split at UTC day boundaries, as Thanos' query-frontend splits them, and
 * the extents the proxy keeps of each day (pure). A part is the step grid's points within
 * one day; a kept extent is the contiguous span of a day already answered, so a window
 * moved by a minute asks upstream only for its new edge, and a week-long panel asks for
 * the days it has not seen. Prometheus evaluates every step on its own (a subquery's
 * steps are aligned to absolute time), so the parts joined are the whole answer — except
 * for `@ start()` and `@ end()`, which name the query's own range: those are not split.
 */
export const DAY_SECONDS = 86_400;

/** Points start, start + step, …, end of one query's grid (inclusive). */
export interface Span {
  start: number;
  end: number;
}

type Sample = [number, string];
export interface MatrixSeries {
  metric: Record<string, string>;
  values: Sample[];
}

/** Within a float's rounding of a grid point. */
const EPS = 1e-6;

/** The parts of a range query, one per UTC day it touches, each on the query's own grid. */
export function dayParts(r: Span & { step: number }): (Span & { day: number })[] {
  const parts: (Span & { day: number })[] = [];
  for (let t = r.start; t <= r.end + EPS; ) {
    const day = Math.floor((t + EPS) / DAY_SECONDS);
    const lastInDay = t + Math.floor(((day + 1) * DAY_SECONDS - t - EPS) / r.step) * r.step;
    const end = Math.min(r.end, lastInDay);
    parts.push({ day, start: t, end });
    t = end + r.step;
  }
  return parts;
}

/** Whether a query may be answered as its days joined: not when it reads its own range (`@ start()`, `@ end()`). */
export function splittable(query: ParsedQuery): boolean {
  let ok = true;
  query.tree.iterate({
    enter(node) {
      if (node.name === "AtModifierPreprocessors") ok = false;
      return ok ? undefined : false;
    },
  });
  return ok;
}

const onGrid = (a: number, b: number, step: number) => Math.abs(((a - b) / step) - Math.round((a - b) / step)) < EPS;

/**
 * What to ask upstream for `want` when `kept` is already answered: nothing when it is
 * covered, each edge that is not; or all of it, the kept span dropped, when that is on
 * another grid or does not touch `want`.
 */
export function gaps(kept: Span | null, want: Span, step: number): { fetch: Span[]; keep: boolean } {
  if (!kept || !onGrid(kept.start, want.start, step) || kept.end < want.start - step - EPS || kept.start > want.end + step + EPS) return { fetch: [want], keep: false };
  const fetch: Span[] = [];
  if (want.start < kept.start - EPS) fetch.push({ start: want.start, end: Math.min(want.end, kept.start - step) });
  if (want.end > kept.end + EPS) fetch.push({ start: Math.max(want.start, kept.end + step), end: want.end });
  return { fetch, keep: true };
}

/** The smallest span covering these (adjoining) spans. */
export function cover(spans: Span[]): Span {
  return { start: Math.min(...spans.map((s) => s.start)), end: Math.max(...spans.map((s) => s.end)) };
}

/** The samples of a matrix within a span; a series with none there is left out (as Prometheus leaves it out). */
export function clip(result: MatrixSeries[], span: Span): MatrixSeries[] {
  const out: MatrixSeries[] = [];
  for (const s of result) {
    const values = s.values.filter(([t]) => t >= span.start - EPS && t <= span.end + EPS);
    if (values.length > 0) out.push({ metric: s.metric, values });
  }
  return out;
}

/**
 * Matrices of adjoining spans, in time order, joined: one series per label set, samples
 * in time order. Each series' samples are appended as they come (a day's part after the
 * one before it); only a series whose parts overlap (the first answer wins a timestamp
 * both have) is merged sample by sample.
 */
export function join(...matrices: MatrixSeries[][]): MatrixSeries[] {
  const series = new Map<string, { metric: Record<string, string>; values: Sample[] }>();
  for (const m of matrices) {
    for (const s of m) {
      const key = labelsToString(s.metric);
      const entry = series.get(key);
      if (!entry) series.set(key, { metric: s.metric, values: [...s.values] });
      else if (s.values.length === 0) continue;
      else if (entry.values.length === 0 || entry.values.at(-1)![0] < s.values[0]![0]) for (const v of s.values) entry.values.push(v);
      else entry.values = mergeSamples(entry.values, s.values);
    }
  }
  return [...series.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, s]) => s);
}

function mergeSamples(first: Sample[], second: Sample[]): Sample[] {
  const byTime = new Map<number, string>(first);
  for (const [t, v] of second) if (!byTime.has(t)) byTime.set(t, v);
  return [...byTime.entries()].sort((a, b) => a[0] - b[0]);
}

/** The last grid point at or before `t` (what a kept extent may reach: data older than the freshness window does not change). */
export function gridFloor(t: number, grid: { start: number; step: number }): number {
  return grid.start + Math.floor((t - grid.start + EPS) / grid.step) * grid.step;
}
