import { describe, expect, it } from "vitest";
import { instantQuery } from "../../scripts/test/prometheus";

const PROMETHEUS_URL = process.env.PROMETHEUS_URL!;

const instant = (query: string) => instantQuery(PROMETHEUS_URL, query);

describe("the real Prometheus scrapes the simulator", () => {
  it("sees the target up and every GPU metric for all 32 GPUs", async () => {
    const deadline = Date.now() + 45_000;
    while ((await instant('up{job="dcgm"} == 1')).length === 0) {
      if (Date.now() > deadline) throw new Error("simulator target never came up");
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    for (const metric of ["DCGM_FI_DEV_GPU_UTIL", "DCGM_FI_DEV_GPU_TEMP", "DCGM_FI_DEV_MEMORY_TEMP", "DCGM_FI_DEV_FB_USED", "DCGM_FI_DEV_FB_FREE", "DCGM_FI_DEV_POWER_USAGE"]) {
      const [count] = await instant(`count(${metric})`);
      expect(count?.value[1], metric).toBe("32");
    }
  });

  it("keeps dcgm-exporter's labels and adds cluster, rack, instance and job", async () => {
    const series = await instant('DCGM_FI_DEV_GPU_UTIL{gpu="0"}');
    expect(series).toHaveLength(4);
    for (const s of series) {
      for (const label of ["DCGM_FI_DRIVER_VERSION", "Hostname", "UUID", "device", "gpu", "modelName", "pci_bus_id", "cluster", "rack", "instance", "job"]) {
        expect(s.metric, label).toHaveProperty(label);
      }
      expect(s.metric.job).toBe("dcgm");
      expect(s.metric.instance).toBe(`${s.metric.Hostname}:9400`);
      expect(Object.keys(s.metric).filter((k) => k.startsWith("exported_"))).toEqual([]);
    }
    expect(new Set(series.map((s) => s.metric.cluster))).toEqual(new Set(["us-east", "eu-west"]));
  });

  it("reports three GPU models with their real names", async () => {
    const models = (await instant("count by (modelName) (DCGM_FI_DEV_FB_USED)")).map((r) => r.metric.modelName).sort();
    expect(models.every((m) => ["NVIDIA A100-SXM4-80GB", "NVIDIA H100 80GB HBM3", "NVIDIA H200"].includes(m!))).toBe(true);
    expect(models.length).toBeGreaterThanOrEqual(2);
  });
});

describe("history imported before Prometheus started", () => {
  it("has every GPU 3 days ago, and the series the trend panels read", async () => {
    const gpus = await instant("count(count by (UUID) (last_over_time(DCGM_FI_DEV_GPU_UTIL[1h] offset 3d)))");
    expect(gpus[0]?.value[1]).toBe("32");
    for (const metric of ["DCGM_FI_DEV_FB_USED", "DCGM_FI_DEV_POWER_USAGE", "rack_coolant_supply_temperature_celsius", "scheduler_allocated_gpus", "ml_model_accuracy", 'up{job="dcgm"}']) {
      const rows = await instant(`count(last_over_time(${metric}[1h] offset 3d))`);
      expect(Number(rows[0]?.value[1] ?? 0), metric).toBeGreaterThan(0);
    }
  });

  it("labels history as the live scrape is labelled (team, cluster, instance)", async () => {
    const rows = await instant('count by (cluster, team, job) (last_over_time(DCGM_FI_DEV_GPU_UTIL{team!=""}[1h] offset 3d))');
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.metric.job).toBe("dcgm");
      expect(["us-east", "eu-west"]).toContain(r.metric.cluster);
    }
  });
});
