import { labelsToString } from "@/lib/charts/matrix-to-series";

/**
 * Merging answers of several Prometheus servers (pure):
 * - HA replicas: drop the replica label, keep one series per label set and fill one
 *   replica's gaps from the others (the first replica wins where both have a sample);
 * - fan-out members: add each member's `cluster` label, then take the union.
 * Works on the `data` of every endpoint the proxy serves.
 */
type Labels = Record<string, string>;
type Sample = [number, string];
type Data = unknown;

export interface Part {
  data: Data;
  warnings?: string[];
  /** Fan-out: the member's cluster, added as a label. */
  cluster?: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function relabel(labels: Labels, drop: string | undefined, add: [string, string] | undefined): Labels {
  const out: Labels = { ...labels };
  if (drop) delete out[drop];
  if (add) out[add[0]] = add[1];
  return out;
}

function mergeMatrix(parts: { result: { metric: Labels; values?: Sample[]; histograms?: unknown }[] }[], drop?: string, adds?: ([string, string] | undefined)[]) {
  const series = new Map<string, { metric: Labels; values: Map<number, string> }>();
  parts.forEach((p, i) => {
    for (const s of p.result) {
      const metric = relabel(s.metric, drop, adds?.[i]);
      const key = labelsToString(metric);
      const entry = series.get(key) ?? { metric, values: new Map<number, string>() };
      for (const [t, v] of s.values ?? []) if (!entry.values.has(t)) entry.values.set(t, v);
      series.set(key, entry);
    }
  });
  return {
    resultType: "matrix",
    result: [...series.values()].map((s) => ({ metric: s.metric, values: [...s.values.entries()].sort((a, b) => a[0] - b[0]) })),
  };
}

function mergeVector(parts: { result: { metric: Labels; value: Sample }[] }[], drop?: string, adds?: ([string, string] | undefined)[]) {
  const series = new Map<string, { metric: Labels; value: Sample }>();
  parts.forEach((p, i) => {
    for (const s of p.result) {
      const metric = relabel(s.metric, drop, adds?.[i]);
      const key = labelsToString(metric);
      if (!series.has(key)) series.set(key, { metric, value: s.value });
    }
  });
  return { resultType: "vector", result: [...series.values()] };
}

/** Merges the `data` of several answers for one endpoint. */
export function mergeData(endpoint: string, parts: Part[], opts: { replicaLabel?: string; clusterLabel?: string } = {}): Data {
  const adds = parts.map((p): [string, string] | undefined => (opts.clusterLabel && p.cluster !== undefined ? [opts.clusterLabel, p.cluster] : undefined));
  const first = parts[0]?.data;
  if (parts.length === 1 && !opts.replicaLabel && !opts.clusterLabel) return first;
  if (endpoint === "query" || endpoint === "query_range") {
    if (!isObject(first)) return first;
    if (first.resultType === "matrix") return mergeMatrix(parts.map((p) => p.data as never), opts.replicaLabel, adds);
    if (first.resultType === "vector") return mergeVector(parts.map((p) => p.data as never), opts.replicaLabel, adds);
    return first; // scalar and string: the same everywhere
  }
  if (endpoint === "series") {
    const seen = new Map<string, Labels>();
    parts.forEach((p, i) => {
      for (const labels of (p.data as Labels[]) ?? []) {
        const l = relabel(labels, opts.replicaLabel, adds[i]);
        seen.set(labelsToString(l), l);
      }
    });
    return [...seen.values()];
  }
  if (endpoint === "labels" || endpoint.startsWith("label/")) {
    const values = new Set<string>();
    for (const p of parts) for (const v of (p.data as string[]) ?? []) values.add(v);
    if (opts.replicaLabel && endpoint === "labels") values.delete(opts.replicaLabel);
    if (opts.clusterLabel && endpoint === "labels") values.add(opts.clusterLabel);
    if (opts.clusterLabel && endpoint === `label/${opts.clusterLabel}/values`) for (const p of parts) if (p.cluster) values.add(p.cluster);
    return [...values].sort();
  }
  if (endpoint === "alerts") {
    return { alerts: parts.flatMap((p, i) => ((p.data as { alerts?: { labels: Labels }[] })?.alerts ?? []).map((a) => ({ ...a, labels: relabel(a.labels, opts.replicaLabel, adds[i]) }))) };
  }
  if (endpoint === "rules") {
    if (opts.replicaLabel) return first; // replicas evaluate the same rules
    return { groups: parts.flatMap((p) => (p.data as { groups?: unknown[] })?.groups ?? []) };
  }
  if (endpoint === "metadata") {
    return Object.assign({}, ...parts.map((p) => p.data as object).reverse());
  }
  return first;
}
