import type { Series } from "./matrix-to-series";
import type { Vector } from "@/lib/prom/schemas";
import type { TableColumn, TableRow } from "./panel-data";

/** RFC 4180 quoting: fields with a comma, quote or line break are quoted, quotes doubled. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function lines(rows: (string | number | null | undefined)[][]): string {
  return `${rows.map((r) => r.map(csvField).join(",")).join("\r\n")}\r\n`;
}

/** Time series as a wide table: one row per timestamp (ISO 8601, UTC), one column per series. */
export function seriesToCsv(series: Series[]): string {
  const times = [...new Set(series.flatMap((s) => s.points.map((p) => p[0])))].sort((a, b) => a - b);
  const byTime = series.map((s) => new Map(s.points.map((p) => [p[0], p[1]])));
  return lines([["time", ...series.map((s) => s.name)], ...times.map((t) => [new Date(t).toISOString(), ...byTime.map((m) => m.get(t) ?? null)])]);
}

export function tableToCsv(columns: TableColumn[], rows: TableRow[]): string {
  return lines([columns.map((c) => c.header), ...rows.map((r) => columns.map((c) => r.cells[c.key] ?? null))]);
}

/** An instant vector: one row per series, one column per label, then the value. */
export function vectorToCsv(vector: Vector): string {
  const names = [...new Set(vector.result.flatMap((r) => Object.keys(r.metric)))].sort();
  return lines([[...names, "value"], ...vector.result.map((r) => [...names.map((n) => r.metric[n] ?? ""), r.value[1]])]);
}
