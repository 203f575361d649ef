import type { Histogram } from "./histogram";

/** Prometheus text exposition format 0.0.4, grouped by metric family. */
export const EXPOSITION_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

export type Labels = readonly (readonly [string, string])[];

export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

export function labelBlock(labels: Labels): string {
  return labels.length ? `{${labels.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(",")}}` : "";
}

function formatNumber(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "+Inf" : "-Inf";
  return Number.isInteger(v) ? String(v) : String(Math.round(v * 1e6) / 1e6);
}

export class Exposition {
  private readonly families = new Map<string, { header: string; lines: string[] }>();

  private family(name: string, type: string, help: string) {
    let f = this.families.get(name);
    if (!f) {
      f = { header: `# HELP ${name} ${help}\n# TYPE ${name} ${type}`, lines: [] };
      this.families.set(name, f);
    }
    return f;
  }

  /** `labels` is either a prepared label block (fast path) or label pairs. */
  sample(name: string, type: "gauge" | "counter", help: string, labels: Labels | string, value: number): this {
    const block = typeof labels === "string" ? labels : labelBlock(labels);
    this.family(name, type, help).lines.push(`${name}${block} ${formatNumber(value)}`);
    return this;
  }

  histogram(name: string, help: string, labels: Labels, h: Histogram): this {
    const f = this.family(name, "histogram", help);
    h.bounds.forEach((le, i) => f.lines.push(`${name}_bucket${labelBlock([...labels, ["le", String(le)]])} ${formatNumber(h.buckets[i]!)}`));
    f.lines.push(`${name}_bucket${labelBlock([...labels, ["le", "+Inf"]])} ${formatNumber(h.count)}`);
    f.lines.push(`${name}_sum${labelBlock(labels)} ${formatNumber(h.sum)}`);
    f.lines.push(`${name}_count${labelBlock(labels)} ${formatNumber(h.count)}`);
    return this;
  }

  text(): string {
    let out = "";
    for (const f of this.families.values()) out += `${f.header}\n${f.lines.join("\n")}\n`;
    return out;
  }
}
