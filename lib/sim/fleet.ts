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

export const FleetConfigSchema = z.object({
  seed: z.number().int().default(42),
  clusters: z.array(ClusterConfigSchema).min(1),
  driverVersion: z.string().default("550.54.15"),
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
}

export interface Fleet {
  seed: number;
  driverVersion: string;
  clusters: string[];
  racks: { cluster: string; rack: string; nodes: string[] }[];
  nodes: Node[];
  gpus: Gpu[];
}

/** PCI bus ids of the eight SXM slots of an HGX board, as nvidia-smi shows them. */
const PCI_BUSES = ["18", "2a", "3a", "5d", "9a", "ab", "ba", "db"];

export function buildFleet(input: FleetConfig): Fleet {
  const config = FleetConfigSchema.parse(input);
  const fleet: Fleet = { seed: config.seed, driverVersion: config.driverVersion, clusters: [], racks: [], nodes: [], gpus: [] };
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
    };
  }
  if (name === "demo") {
    return {
      seed,
      clusters: [
        { name: "us-east", racks: 4, nodesPerRack: 4, gpusPerNode: 8, models: ["h100", "h200"] },
        { name: "eu-west", racks: 4, nodesPerRack: 4, gpusPerNode: 8, models: ["a100", "h100"] },
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
