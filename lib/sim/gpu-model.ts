import type { FaultSet } from "./faults";
import { GPU_MODELS, type Gpu } from "./fleet";
import { unitRandom } from "./random";
import { dailyRhythm, type Job } from "./schedule";

/** Throttle-reason bits (DCGM_FI_DEV_CLOCK_THROTTLE_REASONS). */
export const THROTTLE = {
  GPU_IDLE: 0x1,
  APP_CLOCKS: 0x2,
  SW_POWER_CAP: 0x4,
  HW_SLOWDOWN: 0x8,
  SYNC_BOOST: 0x10,
  SW_THERMAL: 0x20,
  HW_THERMAL: 0x40,
  HW_POWER_BRAKE: 0x80,
  DISPLAY_CLOCKS: 0x100,
} as const;

/** Everything that is a gauge on one GPU at one instant. */
export interface GpuGauges {
  util: number;
  memCopyUtil: number;
  encUtil: number;
  decUtil: number;
  smClockMHz: number;
  memClockMHz: number;
  gpuTempC: number;
  memTempC: number;
  powerW: number;
  powerLimitW: number;
  fbUsedMiB: number;
  fbFreeMiB: number;
  fbReservedMiB: number;
  xid: number;
  rowRemapFailure: number;
  throttleReasons: number;
  health: number;
  grEngineActive: number;
  smActive: number;
  smOccupancy: number;
  tensorActive: number;
  dramActive: number;
  fp64Active: number;
  fp32Active: number;
  fp16Active: number;
  /** Rates that the state integrates into counters, per second. */
  pcieTxKBps: number;
  pcieRxKBps: number;
  nvlinkBytesPerS: number;
  pcieReplaysPerS: number;
  eccSbePerS: number;
  eccDbePerS: number;
  nvlinkErrorsPerS: number;
  xidPerS: number;
}

export const FB_RESERVED_MIB = 512;
export const XID_STORM_CODES = [79, 48, 31, 94];

export interface GpuContext {
  seed: number;
  gpu: Gpu;
  tMs: number;
  job: Job | undefined;
  faults: FaultSet;
  /** Coolant supply temperature of the rack, °C (cooling failures raise it). */
  coolantSupplyC: number;
  /** The GPU's job holds it and does nothing (the fleet's idle share). */
  idle?: boolean;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(Math.max(v, lo), hi);
}

export function gpuGauges({ seed, gpu, tMs, job, faults, coolantSupplyC, idle = false }: GpuContext): GpuGauges {
  const spec = GPU_MODELS[gpu.model];
  const tick = Math.floor(tMs / 15_000);
  const noise = (name: string) => unitRandom(seed, `${name}:${gpu.key}:${tick}`);
  const node = gpu.hostname;
  const idleAllocated = job !== undefined && (idle || faults.has("idle-allocated", node, tMs));
  const running = job !== undefined && !idleAllocated;

  let util = 0;
  if (running && job?.kind === "training") util = 78 + 20 * gpu.busyness * noise("u1") + 4 * (noise("u2") - 0.5);
  else if (running && job?.kind === "serving") util = 25 + 55 * dailyRhythm(tMs) * (0.8 + 0.2 * noise("u1"));
  else util = idleAllocated ? noise("u1") * 3 : noise("u1") * 1.5;
  util = clamp(Math.round(util), 0, 100);
  const load = util / 100;

  // Memory: training holds most of it; serving holds weights + KV cache; a leak grows.
  let fbUsed = job ? spec.memoryMiB * (job.kind === "training" ? 0.62 + 0.3 * gpu.busyness : 0.55) : 0.004 * spec.memoryMiB;
  const leak = job?.model ? faults.find("memory-leak", job.model.name, tMs) : undefined;
  if (leak) fbUsed += ((tMs - leak.sinceMs) / 60_000) * 0.01 * spec.memoryMiB; // +1 % of memory per minute
  fbUsed = Math.round(clamp(fbUsed * (0.98 + 0.02 * noise("fb")), 0, spec.memoryMiB - FB_RESERVED_MIB));

  const throttleHot = faults.has("thermal-throttle", node, tMs);
  const power = Math.min(spec.powerLimitW, spec.idlePowerW + (spec.powerLimitW - spec.idlePowerW) * load * (0.88 + 0.12 * noise("pw")));
  // Die temperature: coolant + heat from power; a throttling node runs ~25 °C hotter.
  // A thermal fault (failed cold plate or fan) makes a GPU hot even at moderate load.
  const baseTemp = coolantSupplyC + 6 + 48 * (power / spec.powerLimitW) + 3 * noise("t1");
  const gpuTemp = Math.round(throttleHot ? Math.max(baseTemp + 28, 90 + 3 * noise("t3")) : baseTemp);
  const memoryBound = job?.kind === "serving" ? 1 : 0.5;
  const memTemp = Math.round(gpuTemp + 4 + 9 * load * memoryBound + 2 * noise("t2"));

  let throttle = 0;
  if (!running) throttle |= THROTTLE.GPU_IDLE;
  if (power >= spec.powerLimitW * 0.98) throttle |= THROTTLE.SW_POWER_CAP;
  if (gpuTemp >= 87) throttle |= THROTTLE.SW_THERMAL;
  if (gpuTemp >= 90 || memTemp >= 95) throttle |= THROTTLE.HW_THERMAL | THROTTLE.HW_SLOWDOWN;
  const thermalDerate = throttle & THROTTLE.HW_THERMAL ? 0.55 : throttle & THROTTLE.SW_THERMAL ? 0.8 : 1;
  const smClock = running ? Math.round((spec.maxSmClockMHz - 120 * load * noise("clk")) * thermalDerate) : 345;

  const xidStorm = faults.has("xid-storm", node, tMs);
  const ecc = faults.has("ecc-dbe", gpu.key, tMs);
  const fabric = faults.has("fabric-errors", node, tMs);
  const xid = xidStorm ? XID_STORM_CODES[tick % XID_STORM_CODES.length]! : ecc ? 48 : 0;
  const tensor = running ? load * (job?.kind === "training" ? 0.55 : 0.3) * (0.9 + 0.1 * noise("tc")) : 0;

  return {
    util,
    memCopyUtil: Math.round(util * (job?.kind === "serving" ? 0.7 : 0.45)),
    encUtil: 0,
    decUtil: job?.kind === "serving" && !job.model?.llm ? Math.round(8 * load) : 0,
    smClockMHz: smClock,
    memClockMHz: spec.memClockMHz,
    gpuTempC: gpuTemp,
    memTempC: memTemp,
    powerW: Math.round(power * 1000) / 1000,
    powerLimitW: spec.powerLimitW,
    fbUsedMiB: fbUsed,
    fbFreeMiB: spec.memoryMiB - fbUsed - FB_RESERVED_MIB,
    fbReservedMiB: FB_RESERVED_MIB,
    xid,
    rowRemapFailure: ecc ? 1 : 0,
    throttleReasons: throttle,
    health: xidStorm || ecc ? 20 : throttle & THROTTLE.HW_THERMAL ? 10 : 0,
    grEngineActive: round3(load * 0.97),
    smActive: round3(load * 0.9),
    smOccupancy: round3(load * 0.45),
    tensorActive: round3(tensor),
    dramActive: round3(load * (job?.kind === "serving" ? 0.6 : 0.35)),
    fp64Active: 0,
    fp32Active: round3(load * 0.12),
    fp16Active: round3(load * 0.08),
    pcieTxKBps: 2_000_000 * load + 2_000,
    pcieRxKBps: 6_000_000 * load + 3_000,
    nvlinkBytesPerS: job?.kind === "training" ? 1.2e11 * load : 1e8 * load,
    pcieReplaysPerS: fabric ? 2 : 0,
    eccSbePerS: ecc ? 5 : 0,
    eccDbePerS: ecc ? 0.2 : 0,
    nvlinkErrorsPerS: fabric ? 40 : 0,
    xidPerS: xid ? 0.5 : 0,
  };
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}
