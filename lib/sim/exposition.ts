import { gpuLabels, GPU_METRICS, sampleGpu, type GpuSample } from "./gpu-metrics";
import type { Fleet } from "./fleet";

/** Prometheus text exposition format 0.0.4. */
export const EXPOSITION_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

function labelBlock(labels: [string, string][]): string {
  return `{${labels.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(",")}}`;
}

/** The whole fleet's GPU metrics at time t, grouped by metric as exporters do. */
export function renderGpuMetrics(fleet: Fleet, tMs: number): string {
  const samples: { labels: string; values: GpuSample }[] = fleet.gpus.map((gpu) => ({
    labels: labelBlock(gpuLabels(fleet, gpu)),
    values: sampleGpu(fleet, gpu, tMs),
  }));
  const out: string[] = [];
  for (const m of GPU_METRICS) {
    out.push(`# HELP ${m.name} ${m.help}`, `# TYPE ${m.name} ${m.type}`);
    for (const s of samples) out.push(`${m.name}${s.labels} ${s.values[m.name]}`);
  }
  return out.join("\n") + "\n";
}
