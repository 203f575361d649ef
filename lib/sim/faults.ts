import { z } from "zod";

/**
 * Faults switched on at runtime (HTTP API of the simulator, `npm run sim -- fault`).
 * Each has a target: a node hostname, a GPU ("hostname/index"), a rack, a job or
 * model name, as its kind says.
 */
export const FAULTS = {
  "thermal-throttle": { target: "node", help: "GPUs of a node run hot and throttle (HW thermal slowdown)" },
  "cooling-failure": { target: "rack", help: "coolant flow drops on a rack; supply and GPU temperatures climb" },
  "xid-storm": { target: "node", help: "XID 79/48/31 errors on a node's GPUs" },
  "ecc-dbe": { target: "gpu", help: "double-bit ECC errors and a failed row remap on one GPU" },
  "gpu-lost": { target: "gpu", help: "one GPU falls off the bus (XID 79): its dcgm-exporter stops reporting it" },
  "idle-allocated": { target: "node", help: "GPUs of a node stay allocated to a job but do nothing" },
  "memory-leak": { target: "model", help: "an inference server's GPU memory grows until it is full" },
  "dead-node": { target: "node", help: "the node's exporters stop answering (target down)" },
  "fabric-errors": { target: "node", help: "NVLink CRC/replay and InfiniBand symbol errors climb" },
  "straggler": { target: "node", help: "one worker of the training job on this node is slow" },
  "accuracy-drift": { target: "model", help: "a served model's accuracy drifts down" },
  "latency-spike": { target: "model", help: "a served model's latency rises tenfold" },
} as const;

export type FaultName = keyof typeof FAULTS;
export const FaultNameSchema = z.enum(Object.keys(FAULTS) as [FaultName, ...FaultName[]]);

const DURATION = /^(\d+)(s|m|h|d)$/;
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDurationMs(text: string): number {
  const m = DURATION.exec(text.trim());
  if (!m) throw new Error(`Bad duration "${text}": use e.g. 30s, 10m, 2h, 1d`);
  return Number(m[1]) * UNIT_MS[m[2]!]!;
}

export const FaultRequestSchema = z.object({
  name: FaultNameSchema,
  target: z.string().min(1),
  /** e.g. "10m"; without it the fault lasts until cleared. */
  for: z.string().regex(DURATION, "use e.g. 30s, 10m, 2h").optional(),
});
export type FaultRequest = z.infer<typeof FaultRequestSchema>;

export interface Fault {
  id: number;
  name: FaultName;
  target: string;
  sinceMs: number;
  untilMs: number | null;
}

export class FaultSet {
  private faults: Fault[] = [];
  private nextId = 1;

  add(request: FaultRequest, nowMs: number): Fault {
    const fault: Fault = {
      id: this.nextId++,
      name: request.name,
      target: request.target,
      sinceMs: nowMs,
      untilMs: request.for ? nowMs + parseDurationMs(request.for) : null,
    };
    this.faults.push(fault);
    return fault;
  }

  /** Active faults at t (expired ones are dropped). */
  active(nowMs: number): Fault[] {
    this.faults = this.faults.filter((f) => f.untilMs === null || f.untilMs > nowMs);
    return [...this.faults];
  }

  clear(id?: number): number {
    const before = this.faults.length;
    this.faults = id === undefined ? [] : this.faults.filter((f) => f.id !== id);
    return before - this.faults.length;
  }

  /** The fault of this name on this target, if active (since when, for ramps). */
  find(name: FaultName, target: string, nowMs: number): Fault | undefined {
    return this.faults.find((f) => f.name === name && f.target === target && (f.untilMs === null || f.untilMs > nowMs));
  }

  has(name: FaultName, target: string, nowMs: number): boolean {
    return this.find(name, target, nowMs) !== undefined;
  }
}
