import { GPU_MODELS, type Fleet, type Gpu } from "./fleet";
import { unitRandom } from "./random";

/** dcgm-exporter's metric names, types and help texts (default-counters.csv). */
export const GPU_METRICS = [
  { name: "DCGM_FI_DEV_SM_CLOCK", type: "gauge", help: "SM clock frequency (in MHz)." },
  { name: "DCGM_FI_DEV_MEM_CLOCK", type: "gauge", help: "Memory clock frequency (in MHz)." },
  { name: "DCGM_FI_DEV_MEMORY_TEMP", type: "gauge", help: "Memory temperature (in C)." },
  { name: "DCGM_FI_DEV_GPU_TEMP", type: "gauge", help: "GPU temperature (in C)." },
  { name: "DCGM_FI_DEV_POWER_USAGE", type: "gauge", help: "Power draw (in W)." },
  { name: "DCGM_FI_DEV_POWER_MGMT_LIMIT", type: "gauge", help: "Power management limit (in W)." },
  { name: "DCGM_FI_DEV_GPU_UTIL", type: "gauge", help: "GPU utilization (in %)." },
  { name: "DCGM_FI_DEV_MEM_COPY_UTIL", type: "gauge", help: "Memory utilization (in %)." },
  { name: "DCGM_FI_DEV_FB_FREE", type: "gauge", help: "Framebuffer memory free (in MiB)." },
  { name: "DCGM_FI_DEV_FB_USED", type: "gauge", help: "Framebuffer memory used (in MiB)." },
  { name: "DCGM_FI_DEV_FB_RESERVED", type: "gauge", help: "Framebuffer memory reserved (in MiB)." },
  { name: "DCGM_FI_DEV_XID_ERRORS", type: "gauge", help: "Value of the last XID error encountered." },
] as const;

export type GpuMetricName = (typeof GPU_METRICS)[number]["name"];
export type GpuSample = Record<GpuMetricName, number>;

const DAY_MS = 86_400_000;
const FB_RESERVED_MIB = 512;

/** Is a job running on this GPU at time t? Jobs last 20–90 minutes, busier GPUs run more. */
export function jobRunning(seed: number, gpu: Gpu, tMs: number): boolean {
  const key = `${gpu.hostname}/${gpu.index}`;
  const slotMs = (20 + Math.floor(unitRandom(seed, `joblen:${key}`) * 70)) * 60_000;
  const slot = Math.floor(tMs / slotMs);
  // The daily rhythm: more jobs during the working day (UTC), fewer at night.
  const hour = (tMs % DAY_MS) / 3_600_000;
  const daily = 0.5 + 0.5 * Math.sin(((hour - 8) / 24) * 2 * Math.PI);
  return unitRandom(seed, `job:${key}:${slot}`) < 0.35 + 0.45 * gpu.busyness + 0.2 * daily;
}

/**
 * The values dcgm-exporter would report for one GPU at time t (ms). Deterministic for
 * (seed, GPU, 15-second tick): two scrapes in the same tick agree.
 */
export function sampleGpu(fleet: Fleet, gpu: Gpu, tMs: number): GpuSample {
  const spec = GPU_MODELS[gpu.model];
  const key = `${gpu.hostname}/${gpu.index}`;
  const tick = Math.floor(tMs / 15_000);
  const noise = (name: string) => unitRandom(fleet.seed, `${name}:${key}:${tick}`);
  const running = jobRunning(fleet.seed, gpu, tMs);

  const util = running ? Math.round(72 + 27 * gpu.busyness * noise("u1") + 6 * (noise("u2") - 0.5)) : Math.round(2 * noise("u1"));
  const load = Math.min(Math.max(util, 0), 100) / 100;
  const memCopy = running ? Math.round(util * (0.4 + 0.4 * noise("mc"))) : 0;
  const fbUsed = running
    ? Math.round(spec.memoryMiB * (0.55 + 0.4 * gpu.busyness) * (0.97 + 0.03 * noise("fb")))
    : Math.round(spec.memoryMiB * 0.005);
  const power = spec.idlePowerW + (spec.powerLimitW - spec.idlePowerW) * load * (0.85 + 0.15 * noise("pw"));
  const gpuTemp = Math.round(31 + 44 * load + 4 * noise("t1"));
  const memTemp = Math.round(gpuTemp + 3 + 8 * load * (memCopy / 100 + 0.5) + 2 * noise("t2"));

  return {
    DCGM_FI_DEV_SM_CLOCK: running ? spec.maxSmClockMHz - Math.round(150 * load * noise("clk")) : 210,
    DCGM_FI_DEV_MEM_CLOCK: gpu.model === "a100" ? 1593 : 2619,
    DCGM_FI_DEV_MEMORY_TEMP: memTemp,
    DCGM_FI_DEV_GPU_TEMP: gpuTemp,
    DCGM_FI_DEV_POWER_USAGE: Math.round(power * 1000) / 1000,
    DCGM_FI_DEV_POWER_MGMT_LIMIT: spec.powerLimitW,
    DCGM_FI_DEV_GPU_UTIL: Math.min(Math.max(util, 0), 100),
    DCGM_FI_DEV_MEM_COPY_UTIL: memCopy,
    DCGM_FI_DEV_FB_FREE: spec.memoryMiB - fbUsed - FB_RESERVED_MIB,
    DCGM_FI_DEV_FB_USED: fbUsed,
    DCGM_FI_DEV_FB_RESERVED: FB_RESERVED_MIB,
    DCGM_FI_DEV_XID_ERRORS: 0,
  };
}

/** dcgm-exporter's labels, in its order. */
export function gpuLabels(fleet: Fleet, gpu: Gpu): [string, string][] {
  return [
    ["gpu", String(gpu.index)],
    ["UUID", gpu.uuid],
    ["pci_bus_id", gpu.pciBusId],
    ["device", `nvidia${gpu.index}`],
    ["modelName", GPU_MODELS[gpu.model].modelName],
    ["Hostname", gpu.hostname],
    ["DCGM_FI_DRIVER_VERSION", fleet.driverVersion],
  ];
}
