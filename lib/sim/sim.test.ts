import { describe, expect, it } from "vitest";
import { renderGpuMetrics, escapeLabelValue } from "./exposition";
import { buildFleet, GPU_MODELS, SMALL_FLEET } from "./fleet";
import { GPU_METRICS, sampleGpu } from "./gpu-metrics";

const fleet = buildFleet(SMALL_FLEET);
const T = Date.UTC(2026, 10, 23, 14, 0, 7);

/** Minimal exposition-format reader for the assertions below. */
function parseExposition(text: string) {
  const samples: { name: string; labels: Record<string, string>; value: number }[] = [];
  const types = new Map<string, string>();
  for (const line of text.split("\n")) {
    if (line.startsWith("# TYPE ")) {
      const [, , name, type] = line.split(" ");
      types.set(name!, type!);
      continue;
    }
    if (line === "" || line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)\{(.*)\} (\S+)$/.exec(line);
    if (!m) throw new Error(`bad line: ${line}`);
    const labels = Object.fromEntries([...m[2]!.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1]!, x[2]!]));
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return { samples, types };
}

describe("fleet shape", () => {
  it("builds 4 nodes × 8 GPUs with unique UUIDs and dcgm-style PCI ids", () => {
    expect(fleet.gpus).toHaveLength(32);
    expect(new Set(fleet.gpus.map((g) => g.uuid)).size).toBe(32);
    expect(new Set(fleet.gpus.map((g) => g.hostname)).size).toBe(4);
    for (const g of fleet.gpus) {
      expect(g.uuid).toMatch(/^GPU-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(g.pciBusId).toMatch(/^00000000:[0-9a-f]{2}:00\.0$/);
    }
  });

  it("is deterministic for a seed and differs for another", () => {
    expect(buildFleet(SMALL_FLEET)).toEqual(fleet);
    expect(buildFleet({ ...SMALL_FLEET, seed: 7 }).gpus[0]?.uuid).not.toBe(fleet.gpus[0]?.uuid);
  });
});

describe("exposition", () => {
  const { samples, types } = parseExposition(renderGpuMetrics(fleet, T));

  it("emits every metric for every GPU with dcgm-exporter's exact labels", () => {
    expect(samples).toHaveLength(GPU_METRICS.length * 32);
    for (const m of GPU_METRICS) expect(types.get(m.name)).toBe(m.type);
    for (const s of samples) {
      expect(Object.keys(s.labels)).toEqual(["gpu", "UUID", "pci_bus_id", "device", "modelName", "Hostname", "DCGM_FI_DRIVER_VERSION"]);
      expect(s.labels.device).toBe(`nvidia${s.labels.gpu}`);
    }
  });

  it("the issue's six metrics are there", () => {
    const names = new Set(samples.map((s) => s.name));
    for (const n of ["DCGM_FI_DEV_GPU_UTIL", "DCGM_FI_DEV_GPU_TEMP", "DCGM_FI_DEV_MEMORY_TEMP", "DCGM_FI_DEV_FB_USED", "DCGM_FI_DEV_FB_FREE", "DCGM_FI_DEV_POWER_USAGE"]) {
      expect(names.has(n), n).toBe(true);
    }
  });

  it("escapes label values as the format requires", () => {
    expect(escapeLabelValue('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd');
  });
});

describe("values make physical sense", () => {
  const times = Array.from({ length: 96 }, (_, i) => T + i * 15 * 60_000); // a day in 15-minute steps

  it("stay within each model's limits", () => {
    for (const g of fleet.gpus) {
      const spec = GPU_MODELS[g.model];
      for (const t of times) {
        const s = sampleGpu(fleet, g, t);
        expect(s.DCGM_FI_DEV_GPU_UTIL).toBeGreaterThanOrEqual(0);
        expect(s.DCGM_FI_DEV_GPU_UTIL).toBeLessThanOrEqual(100);
        expect(s.DCGM_FI_DEV_POWER_USAGE).toBeLessThanOrEqual(spec.powerLimitW);
        expect(s.DCGM_FI_DEV_FB_USED + s.DCGM_FI_DEV_FB_FREE + s.DCGM_FI_DEV_FB_RESERVED).toBe(spec.memoryMiB);
        expect(s.DCGM_FI_DEV_SM_CLOCK).toBeLessThanOrEqual(spec.maxSmClockMHz);
        expect(s.DCGM_FI_DEV_MEMORY_TEMP).toBeGreaterThanOrEqual(s.DCGM_FI_DEV_GPU_TEMP);
      }
    }
  });

  it("power and temperature follow utilization", () => {
    const all = fleet.gpus.flatMap((g) => times.map((t) => sampleGpu(fleet, g, t)));
    const busy = all.filter((s) => s.DCGM_FI_DEV_GPU_UTIL >= 70);
    const idle = all.filter((s) => s.DCGM_FI_DEV_GPU_UTIL <= 5);
    expect(busy.length).toBeGreaterThan(0);
    expect(idle.length).toBeGreaterThan(0);
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(avg(busy.map((s) => s.DCGM_FI_DEV_POWER_USAGE))).toBeGreaterThan(2 * avg(idle.map((s) => s.DCGM_FI_DEV_POWER_USAGE)));
    expect(avg(busy.map((s) => s.DCGM_FI_DEV_GPU_TEMP))).toBeGreaterThan(avg(idle.map((s) => s.DCGM_FI_DEV_GPU_TEMP)) + 20);
  });

  it("two scrapes within one 15-second tick agree", () => {
    const g = fleet.gpus[5]!;
    const tick = Math.floor(T / 15_000) * 15_000;
    expect(sampleGpu(fleet, g, tick + 1_000)).toEqual(sampleGpu(fleet, g, tick + 14_000));
  });
});
