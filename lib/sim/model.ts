import { coolingSupply, withReturn, type Cooling } from "./cooling";
import { FaultSet } from "./faults";
import type { Fleet, Node } from "./fleet";
import { gpuGauges, THROTTLE, type GpuGauges } from "./gpu-model";
import { newHistogram, observe, type Histogram } from "./histogram";
import { unitRandom } from "./random";
import { holdsIdleJobs, jobsOnNode, type Job } from "./schedule";
import { newInference, newTraining, stepInference, stepTraining, WAIT_BUCKETS, type InferenceState, type TrainingState } from "./workloads";

/** GPU counters, in the order of the Float64Array rows. */
export const GPU_COUNTERS = [
  "energyMj", "pcieTxKB", "pcieRxKB", "pcieReplays", "nvlinkBytes", "uncorrectableRemaps", "correctableRemaps",
  "eccSbe", "eccDbe", "powerViolationUs", "thermalViolationUs", "nvlinkCrc", "nvlinkReplay", "clockEvents", "xidCount",
] as const;
export type GpuCounter = (typeof GPU_COUNTERS)[number];
const C = Object.fromEntries(GPU_COUNTERS.map((n, i) => [n, i])) as Record<GpuCounter, number>;

/** Node counters: per CPU × mode, then disks, network and InfiniBand. */
export const CPU_MODES = ["user", "system", "iowait", "idle"] as const;
export const SIM_CPUS = 16;
export const DISKS = ["nvme0n1", "nvme1n1"] as const;
export const IB_PORTS = ["mlx5_0", "mlx5_1", "mlx5_2", "mlx5_3"] as const;

export interface NodeState {
  cpuSeconds: Float64Array; // SIM_CPUS × CPU_MODES
  diskReadBytes: number[];
  diskWrittenBytes: number[];
  diskIoSeconds: number[];
  /** Completed reads and writes, seconds spent on each, and the queue (node_disk_io_time_weighted_seconds_total). */
  diskReads: number[];
  diskWrites: number[];
  diskReadSeconds: number[];
  diskWriteSeconds: number[];
  diskIoWeightedSeconds: number[];
  netRxBytes: number;
  netTxBytes: number;
  ib: { rx: number; tx: number; linkDowned: number; rcvErrors: number; symbolErrors: number }[];
  memAvailableBytes: number;
  raidAvailBytes: number;
}

export const RAID_SIZE_BYTES = 30e12;

export interface SchedulerState {
  wait: Histogram;
  pending: Map<string, number>;
}

/**
 * The whole simulated fleet as state that advances in time steps: gauges are computed
 * at each step from (seed, time, jobs, faults); counters integrate their rates, so they
 * only go up. Deterministic for a seed and a step grid.
 */
export class FleetModel {
  readonly faults = new FaultSet();
  tMs: number;
  gauges: GpuGauges[] = [];
  jobs = new Map<string, Job[]>();
  cooling = new Map<string, Cooling>();
  readonly gpuCounters: Float64Array;
  readonly nodes = new Map<string, NodeState>();
  readonly inference = new Map<string, InferenceState>();
  readonly training = new Map<string, TrainingState>();
  readonly scheduler = new Map<string, SchedulerState>();
  private readonly gpuOffset = new Map<string, number>();

  constructor(
    readonly fleet: Fleet,
    startMs: number,
  ) {
    this.tMs = startMs;
    this.gpuCounters = new Float64Array(fleet.gpus.length * GPU_COUNTERS.length);
    fleet.gpus.forEach((g, i) => {
      this.gpuOffset.set(g.key, i);
      // Counters since boot: energy and traffic start from a plausible uptime.
      const uptimeS = 86_400 * (5 + 30 * unitRandom(fleet.seed, `uptime:${g.key}`));
      this.gpuCounters[i * GPU_COUNTERS.length + C.energyMj] = uptimeS * 250 * 1000;
      this.gpuCounters[i * GPU_COUNTERS.length + C.pcieTxKB] = uptimeS * 5e5;
      this.gpuCounters[i * GPU_COUNTERS.length + C.pcieRxKB] = uptimeS * 1.5e6;
      this.gpuCounters[i * GPU_COUNTERS.length + C.nvlinkBytes] = uptimeS * 2e10;
    });
    for (const node of fleet.nodes) this.nodes.set(node.hostname, newNodeState(fleet.seed, node));
    for (const c of fleet.clusters) this.scheduler.set(c, { wait: newHistogram(WAIT_BUCKETS), pending: new Map() });
    this.computeGauges();
  }

  gpuIndex(key: string): number {
    return this.gpuOffset.get(key) ?? -1;
  }

  counter(gpuIndex: number, name: GpuCounter): number {
    return this.gpuCounters[gpuIndex * GPU_COUNTERS.length + C[name]]!;
  }

  /** Moves to `tMs` in steps of at most `maxStepMs`. */
  advanceTo(tMs: number, maxStepMs = 15_000): void {
    while (this.tMs < tMs) {
      const dtMs = Math.min(maxStepMs, tMs - this.tMs);
      this.integrate(dtMs / 1000);
      this.tMs += dtMs;
      this.computeGauges();
    }
  }

  private computeGauges(): void {
    const { fleet, tMs, faults } = this;
    const rackPower = new Map<string, number>();
    const supply = new Map(fleet.racks.map((r) => [r.rack, coolingSupply(fleet.seed, r.rack, tMs, faults)]));
    this.jobs.clear();
    const gauges: GpuGauges[] = new Array(fleet.gpus.length);
    for (const node of fleet.nodes) {
      const jobs = jobsOnNode(fleet, node, tMs);
      this.jobs.set(node.hostname, jobs);
      const byGpu = new Map<number, Job>();
      for (const j of jobs) for (const i of j.gpuIndices) byGpu.set(i, j);
      for (const gpu of node.gpus) {
        const job = byGpu.get(gpu.index);
        const g = gpuGauges({ seed: fleet.seed, gpu, tMs, job, faults, coolantSupplyC: supply.get(gpu.rack)!.supplyC, idle: job !== undefined && holdsGpusIdle(fleet, job) });
        gauges[this.gpuIndex(gpu.key)] = g;
        rackPower.set(gpu.rack, (rackPower.get(gpu.rack) ?? 0) + g.powerW + 180);
      }
    }
    this.gauges = gauges;
    for (const [rack, s] of supply) this.cooling.set(rack, withReturn(s, rackPower.get(rack) ?? 0));
  }

  private integrate(dtS: number): void {
    const n = GPU_COUNTERS.length;
    this.gauges.forEach((g, i) => {
      const row = i * n;
      const c = this.gpuCounters;
      c[row + C.energyMj]! += g.powerW * dtS * 1000;
      c[row + C.pcieTxKB]! += g.pcieTxKBps * dtS;
      c[row + C.pcieRxKB]! += g.pcieRxKBps * dtS;
      c[row + C.pcieReplays]! += g.pcieReplaysPerS * dtS;
      c[row + C.nvlinkBytes]! += g.nvlinkBytesPerS * dtS;
      c[row + C.eccSbe]! += g.eccSbePerS * dtS;
      c[row + C.eccDbe]! += g.eccDbePerS * dtS;
      c[row + C.uncorrectableRemaps]! += g.eccDbePerS * dtS * 0.5;
      c[row + C.correctableRemaps]! += g.eccSbePerS * dtS * 0.01;
      c[row + C.nvlinkCrc]! += g.nvlinkErrorsPerS * dtS;
      c[row + C.nvlinkReplay]! += g.nvlinkErrorsPerS * dtS * 0.1;
      c[row + C.xidCount]! += g.xidPerS * dtS;
      if (g.throttleReasons & THROTTLE.SW_POWER_CAP) c[row + C.powerViolationUs]! += dtS * 1e6;
      if (g.throttleReasons & (THROTTLE.HW_THERMAL | THROTTLE.SW_THERMAL)) {
        c[row + C.thermalViolationUs]! += dtS * 1e6;
        c[row + C.clockEvents]! += dtS / 15;
      }
    });
    for (const node of this.fleet.nodes) this.integrateNode(node, dtS);
    this.integrateWorkloads(dtS);
  }

  private integrateNode(node: Node, dtS: number): void {
    const s = this.nodes.get(node.hostname)!;
    const gpuLoad = node.gpus.reduce((a, g) => a + this.gauges[this.gpuIndex(g.key)]!.util, 0) / (100 * node.gpus.length);
    const shares = [0.05 + 0.25 * gpuLoad, 0.03 + 0.05 * gpuLoad, 0.01, 0];
    shares[3] = 1 - shares[0]! - shares[1]! - shares[2]!;
    for (let cpu = 0; cpu < SIM_CPUS; cpu++) for (let m = 0; m < CPU_MODES.length; m++) s.cpuSeconds[cpu * CPU_MODES.length + m]! += shares[m]! * dtS;
    DISKS.forEach((_, d) => {
      const readRate = 4e8 * gpuLoad + 1e6;
      const writeRate = 1.2e8 * gpuLoad + 5e5;
      s.diskReadBytes[d]! += readRate * dtS;
      s.diskWrittenBytes[d]! += writeRate * dtS;
      s.diskIoSeconds[d]! += Math.min(1, 0.05 + 0.5 * gpuLoad) * dtS;
      // NVMe: 128 KiB reads and 64 KiB writes; latency grows with load (data loaders hammering the disk).
      const reads = (readRate / 131_072) * dtS;
      const writes = (writeRate / 65_536) * dtS;
      const readLatency = 0.00012 + 0.0025 * gpuLoad * gpuLoad;
      const writeLatency = 0.00003 + 0.0015 * gpuLoad * gpuLoad;
      s.diskReads[d]! += reads;
      s.diskWrites[d]! += writes;
      s.diskReadSeconds[d]! += reads * readLatency;
      s.diskWriteSeconds[d]! += writes * writeLatency;
      // Little's law: requests in flight = arrival rate × latency; weighted I/O time accrues the queue each second.
      s.diskIoWeightedSeconds[d]! += reads * readLatency + writes * writeLatency;
    });
    s.netRxBytes += (8e7 * gpuLoad + 1e5) * dtS;
    s.netTxBytes += (3e7 * gpuLoad + 1e5) * dtS;
    const fabric = this.faults.has("fabric-errors", node.hostname, this.tMs);
    for (const port of s.ib) {
      port.rx += 1.2e10 * gpuLoad * dtS;
      port.tx += 1.2e10 * gpuLoad * dtS;
      if (fabric) {
        port.symbolErrors += 30 * dtS;
        port.rcvErrors += 5 * dtS;
        port.linkDowned += dtS / 300;
      }
    }
    // Checkpoints fill /raid; a weekly clean-up frees it.
    s.raidAvailBytes = RAID_SIZE_BYTES * (0.85 - 0.6 * (((this.tMs / 604_800_000) % 1) ** 1.2));
    s.memAvailableBytes = node.memoryBytes * (0.75 - 0.4 * gpuLoad);
  }

  private integrateWorkloads(dtS: number): void {
    const { fleet, tMs, faults } = this;
    const live = new Set<string>();
    for (const jobs of this.jobs.values()) {
      for (const job of jobs) {
        live.add(job.id);
        if (job.kind === "serving") {
          if (!this.inference.has(job.id)) this.inference.set(job.id, newInference(job));
          stepInference(this.inference.get(job.id)!, fleet.seed, tMs, dtS, faults);
        } else {
          if (!this.training.has(job.id)) {
            this.training.set(job.id, newTraining(job));
            const sched = this.scheduler.get(job.cluster)!;
            observe(sched.wait, 1, 600 + 1200 * unitRandom(fleet.seed, `wait:${job.id}`), 0.8);
          }
          stepTraining(this.training.get(job.id)!, fleet.seed, tMs, dtS, faults, faults.has("idle-allocated", job.hostname, tMs) || holdsGpusIdle(fleet, job));
        }
      }
    }
    for (const id of this.training.keys()) if (!live.has(id)) this.training.delete(id);
  }
}

function newNodeState(seed: number, node: Node): NodeState {
  const uptimeS = 86_400 * (5 + 30 * unitRandom(seed, `uptime:${node.hostname}`));
  const cpuSeconds = new Float64Array(SIM_CPUS * CPU_MODES.length);
  for (let i = 0; i < cpuSeconds.length; i++) cpuSeconds[i] = uptimeS * (i % CPU_MODES.length === 3 ? 0.7 : 0.1);
  return {
    cpuSeconds,
    diskReadBytes: DISKS.map(() => uptimeS * 1e8),
    diskWrittenBytes: DISKS.map(() => uptimeS * 4e7),
    diskIoSeconds: DISKS.map(() => uptimeS * 0.2),
    diskReads: DISKS.map(() => uptimeS * 800),
    diskWrites: DISKS.map(() => uptimeS * 600),
    diskReadSeconds: DISKS.map(() => uptimeS * 800 * 0.0004),
    diskWriteSeconds: DISKS.map(() => uptimeS * 600 * 0.0002),
    diskIoWeightedSeconds: DISKS.map(() => uptimeS * 0.45),
    netRxBytes: uptimeS * 3e7,
    netTxBytes: uptimeS * 1e7,
    ib: IB_PORTS.map(() => ({ rx: uptimeS * 4e9, tx: uptimeS * 4e9, linkDowned: 0, rcvErrors: 0, symbolErrors: 0 })),
    memAvailableBytes: node.memoryBytes * 0.7,
    raidAvailBytes: RAID_SIZE_BYTES * 0.8,
  };
}

/** A batch training job of the fleet's idle share (or on its idle holder): it holds its GPUs and does nothing, for its whole life. */
export function holdsGpusIdle(fleet: Pick<Fleet, "seed" | "idleJobShare" | "nodes">, job: Job): boolean {
  if (fleet.idleJobShare <= 0 || job.kind !== "training") return false;
  const node = fleet.nodes.find((n) => n.hostname === job.hostname);
  if (node?.role !== "batch") return false;
  return holdsIdleJobs(fleet, node) || unitRandom(fleet.seed, `idle-job:${job.id}`) < fleet.idleJobShare;
}
