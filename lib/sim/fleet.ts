import { z } from "zod";
import { hexId, unitRandom } from "./random";

/** Real models and their limits (METRICS.md). */
export const GPU_MODELS = {
  h100: { modelName: "NVIDIA H100 80GB HBM3", memoryMiB: 81559, powerLimitW: 700, idlePowerW: 70, maxSmClockMHz: 1980 },
  h200: { modelName: "NVIDIA H200", memoryMiB: 143771, powerLimitW: 700, idlePowerW: 75, maxSmClockMHz: 1980 },
  a100: { modelName: "NVIDIA A100-SXM4-80GB", memoryMiB: 81920, powerLimitW: 400, idlePowerW: 50, maxSmClockMHz: 1410 },
} as const;
export type GpuModelKey = keyof typeof GPU_MODELS;

export const FleetConfigSchema = z.object({
  seed: z.number().int().default(42),
  clusters: z
    .array(
      z.object({
        name: z.string().regex(/^[a-z0-9-]+$/),
        racks: z.number().int().min(1),
        nodesPerRack: z.number().int().min(1),
        gpusPerNode: z.number().int().min(1).max(8),
        /** Share of nodes per model, in order; the rest get the last model. */
        models: z.array(z.enum(["h100", "h200", "a100"])).min(1).default(["h100", "h200", "a100"]),
      }),
    )
    .min(1),
  driverVersion: z.string().default("550.54.15"),
});
export type FleetConfig = z.input<typeof FleetConfigSchema>;

/** The issue-2 demo fleet: 4 nodes × 8 GPUs. */
export const SMALL_FLEET: FleetConfig = {
  seed: 42,
  clusters: [{ name: "demo", racks: 1, nodesPerRack: 4, gpusPerNode: 8 }],
};

export interface Gpu {
  cluster: string;
  rack: string;
  hostname: string;
  index: number;
  uuid: string;
  pciBusId: string;
  model: GpuModelKey;
  /** 0..1, fixed per GPU: how busy this GPU tends to be. */
  busyness: number;
}

export interface Fleet {
  seed: number;
  driverVersion: string;
  gpus: Gpu[];
}

/** PCI bus ids of the eight SXM slots of an HGX board, as nvidia-smi shows them. */
const PCI_BUSES = ["18", "2a", "3a", "5d", "9a", "ab", "ba", "db"];

export function buildFleet(input: FleetConfig): Fleet {
  const config = FleetConfigSchema.parse(input);
  const gpus: Gpu[] = [];
  for (const c of config.clusters) {
    let nodeNumber = 0;
    for (let r = 1; r <= c.racks; r++) {
      const rack = `${c.name}-r${String(r).padStart(2, "0")}`;
      for (let n = 0; n < c.nodesPerRack; n++) {
        nodeNumber++;
        const hostname = `${c.name}-gpu-${String(nodeNumber).padStart(3, "0")}`;
        const model = c.models[Math.floor(unitRandom(config.seed, `model:${hostname}`) * c.models.length)] ?? "h100";
        for (let i = 0; i < c.gpusPerNode; i++) {
          const key = `${hostname}/${i}`;
          const u = hexId(config.seed, `uuid:${key}`, 32);
          gpus.push({
            cluster: c.name,
            rack,
            hostname,
            index: i,
            uuid: `GPU-${u.slice(0, 8)}-${u.slice(8, 12)}-${u.slice(12, 16)}-${u.slice(16, 20)}-${u.slice(20, 32)}`,
            pciBusId: `00000000:${PCI_BUSES[i] ?? "00"}:00.0`,
            model,
            busyness: unitRandom(config.seed, `busy:${key}`),
          });
        }
      }
    }
  }
  return { seed: config.seed, driverVersion: config.driverVersion, gpus };
}
