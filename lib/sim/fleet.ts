import { z } from "zod";
import { hexId, unitRandom } from "./random";

/** Real models and their limits (METRICS.md). */
export const GPU_MODELS = {
  h100: { modelName: "NVIDIA H100 80GB HBM3", memoryMiB: 81559, powerLimitW: 700, idlePowerW: 70, maxSmClockMHz: 1980, memClockMHz: 2619 },
  h200: { modelName: "NVIDIA H200", memoryMiB: 143771, powerLimitW: 700, idlePowerW: 75, maxSmClockMHz: 1980, memClockMHz: 3201 },
  a100: { modelName: "NVIDIA A100-SXM4-80GB", memoryMiB: 81920, powerLimitW: 400, idlePowerW: 50, maxSmClockMHz: 1410, memClockMHz: 1593 },
} as const;
export type GpuModelKey = keyof typeof GPU_MODELS;

export const ClusterConfigSchema = z.object({
  name: z.string().regex(/^[a-z0-9-]+$/),
  racks: z.number().int().min(1),
  nodesPerRack: z.number().int().min(1),
  gpusPerNode: z.number().int().min(1).max(8),
  /** Models to draw from, one per node. */
  models: z.array(z.enum(["h100", "h200", "a100"])).min(1).default(["h100", "h200", "a100"]),
});

/** MIG profiles (A100/H100 80 GB), by the compute slices of 7 each takes. */
export const MIG_PROFILES = { "1g.10gb": 1, "2g.20gb": 2, "3g.40gb": 3, "4g.40gb": 4, "7g.80gb": 7 } as const;
export type MigProfile = keyof typeof MIG_PROFILES;

export const FleetConfigSchema = z.object({
  seed: z.number().int().default(42),
  clusters: z.array(ClusterConfigSchema).min(1),
  driverVersion: z.string().default("550.54.15"),
  /**
   * The share of batch training jobs that hold their GPUs and do nothing (a notebook left
   * open, a job stuck on its data loader), as real fleets have: the idle-cost tile's
   * subject. Above 0, one batch node per cluster is also held idle throughout, so idle
   * GPUs exist at every hour. 0 on the test fleet, whose tests inject idleness as a fault.
   */
  idleJobShare: z.number().min(0).max(1).default(0),
  /** GPUs partitioned with MIG ("hostname/index"), each into these instances (at most 7 slices). */
  mig: z
    .array(
      z.object({
        gpu: z.string().regex(/^[a-z0-9-]+\/\d$/),
        profiles: z.array(z.enum(Object.keys(MIG_PROFILES) as [MigProfile, ...MigProfile[]])).min(1).max(7),
      }),
    )
    .default([])
    .refine((list) => list.every((m) => m.profiles.reduce((n, p) => n + MIG_PROFILES[p], 0) <= 7), { error: "a GPU has 7 compute slices" }),
});
export type FleetConfig = z.input<typeof FleetConfigSchema>;

/**
 * What a node is for: the first node of each cluster hosts the model servers, the
 * second always trains (a long pretraining reservation, so even the smallest fleet has
 * a training job), the rest run training and batch jobs that come and go.
 */
export type NodeRole = "serving" | "reserved-training" | "batch";

export interface Node {
  cluster: string;
  role: NodeRole;
  rack: string;
  hostname: string;
  model: GpuModelKey;
  cpus: number;
  memoryBytes: number;
  gpus: Gpu[];
}

export interface Gpu {
  cluster: string;
  rack: string;
  hostname: string;
  index: number;
  uuid: string;
  pciBusId: string;
  model: GpuModelKey;
  /** 0..1, fixed per GPU: how hard jobs drive this GPU. */
  busyness: number;
  /** Stable key "hostname/index". */
  key: string;
  /** MIG instances (GPU_I_ID, GPU_I_PROFILE) when the GPU is partitioned. */
  mig?: { id: number; profile: MigProfile }[];
}

export interface Fleet {
  seed: number;
  driverVersion: string;
  idleJobShare: number;
  clusters: string[];
  racks: { cluster: string; rack: string; nodes: string[] }[];
  nodes: Node[];
  gpus: Gpu[];
}

/** PCI bus ids of the eight SXM slots of an HGX board, as nvidia-smi shows them. */
const PCI_BUSES = ["18", "2a", "3a", "5d", "9a", "ab", "ba", "db"];

export function buildFleet(input: FleetConfig): Fleet {
  const config = FleetConfigSchema.parse(input);
  const fleet: Fleet = { seed: config.seed, driverVersion: config.driverVersion, idleJobShare: config.idleJobShare, clusters: [], racks: [], nodes: [], gpus: [] };
  for (const c of config.clusters) {
    fleet.clusters.push(c.name);
    let nodeNumber = 0;
    for (let r = 1; r <= c.racks; r++) {
      const rack = `${c.name}-r${String(r).padStart(2, "0")}`;
      const rackEntry = { cluster: c.name, rack, nodes: [] as string[] };
      fleet.racks.push(rackEntry);
      for (let n = 0; n < c.nodesPerRack; n++) {
        nodeNumber++;
        const hostname = `${c.name}-gpu-${String(nodeNumber).padStart(3, "0")}`;
        // Racks are bought as a unit: one model per rack, drawn from the cluster's list.
        const model = c.models[Math.floor(unitRandom(config.seed, `model:${rack}`) * c.models.length)] ?? "h100";
        const role: NodeRole = nodeNumber === 1 ? "serving" : nodeNumber === 2 ? "reserved-training" : "batch";
        const node: Node = { cluster: c.name, role, rack, hostname, model, cpus: 112, memoryBytes: 2048 * 1024 ** 3, gpus: [] };
        for (let i = 0; i < c.gpusPerNode; i++) {
          const key = `${hostname}/${i}`;
          const u = hexId(config.seed, `uuid:${key}`, 32);
          node.gpus.push({
            cluster: c.name,
            rack,
            hostname,
            index: i,
            uuid: `GPU-${u.slice(0, 8)}-${u.slice(8, 12)}-${u.slice(12, 16)}-${u.slice(16, 20)}-${u.slice(20, 32)}`,
            pciBusId: `00000000:${PCI_BUSES[i] ?? "00"}:00.0`,
            model,
            busyness: unitRandom(config.seed, `busy:${key}`),
            key,
          });
        }
        rackEntry.nodes.push(hostname);
        fleet.nodes.push(node);
        fleet.gpus.push(...node.gpus);
      }
    }
  }
  for (const m of config.mig) {
    const gpu = fleet.gpus.find((g) => g.key === m.gpu);
    if (!gpu) throw new Error(`mig: no GPU ${m.gpu} in this fleet`);
    // Instance ids as nvidia-smi numbers them on a fresh partitioning: in creation order from 1.
    gpu.mig = m.profiles.map((profile, i) => ({ id: i + 1, profile }));
  }
  return fleet;
}

/** Fleets by name: the test stack's, the demo's (256 GPUs), and `scale-<nodes>`. */
export function fleetPreset(name: string, seed = 42): FleetConfig {
  if (name === "small") return { seed, clusters: [{ name: "demo", racks: 1, nodesPerRack: 4, gpusPerNode: 8 }] };
  if (name === "test") {
    return {
      seed,
      clusters: [
        { name: "us-east", racks: 1, nodesPerRack: 2, gpusPerNode: 8, models: ["h100"] },
        { name: "eu-west", racks: 1, nodesPerRack: 2, gpusPerNode: 8, models: ["a100"] },
      ],
      // One A100 split into four MIG instances (3 + 2 + 1 + 1 of its 7 slices).
      mig: [{ gpu: "eu-west-gpu-002/7", profiles: ["3g.40gb", "2g.20gb", "1g.10gb", "1g.10gb"] }],
    };
  }
  if (name === "demo") {
    return {
      seed,
      // One batch node per cluster is held idle, and a few batch jobs elsewhere sit idle:
      // a first start, at any hour, shows what idle GPUs cost.
      idleJobShare: 0.03,
      clusters: [
        { name: "us-east", racks: 4, nodesPerRack: 4, gpusPerNode: 8, models: ["h100", "h200"] },
        { name: "eu-west", racks: 4, nodesPerRack: 4, gpusPerNode: 8, models: ["a100", "h100"] },
      ],
      // The inference node of each cluster shares two GPUs between small models with MIG.
      mig: [
        { gpu: "us-east-gpu-001/6", profiles: ["3g.40gb", "2g.20gb", "2g.20gb"] },
        { gpu: "us-east-gpu-001/7", profiles: ["1g.10gb", "1g.10gb", "1g.10gb", "1g.10gb", "1g.10gb", "1g.10gb", "1g.10gb"] },
        { gpu: "eu-west-gpu-001/7", profiles: ["4g.40gb", "3g.40gb"] },
      ],
    };
  }
  const scale = /^scale-(\d+)$/.exec(name);
  if (scale) {
    const nodes = Number(scale[1]);
    const perCluster = Math.ceil(nodes / 2);
    const racks = Math.ceil(perCluster / 8);
    return {
      seed,
      clusters: [
        { name: "us-east", racks, nodesPerRack: Math.ceil(perCluster / racks), gpusPerNode: 8 },
        { name: "eu-west", racks, nodesPerRack: Math.floor((nodes - perCluster) / racks) || 1, gpusPerNode: 8 },
      ],
    };
  }
  throw new Error(`Unknown fleet "${name}": use small, test, demo or scale-<nodes>`);
}
