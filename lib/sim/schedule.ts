import type { Fleet, Gpu, Node } from "./fleet";
import { hashString, unitRandom } from "./random";
import { TEAM_NAMESPACES, type TeamSlug } from "./teams";

/**
 * Who runs what where, as a pure function of (seed, node, time): jobs start and end,
 * belong to teams, and are busier by day. Serving nodes host the model servers (always
 * on); the others run training jobs in slots (see NodeRole).
 */
export type JobKind = "training" | "serving";

export interface Job {
  id: string;
  name: string;
  kind: JobKind;
  team: TeamSlug;
  namespace: string;
  cluster: string;
  hostname: string;
  gpuIndices: number[];
  startMs: number;
  endMs: number;
  /** Serving jobs: the model and version they serve, and whether vLLM serves it. */
  model?: { name: string; version: string; llm: boolean };
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Working-day rhythm in [0, 1], peaking mid-afternoon UTC. */
export function dailyRhythm(tMs: number): number {
  const hour = (tMs % DAY_MS) / HOUR_MS;
  return 0.5 + 0.5 * Math.sin(((hour - 8) / 24) * 2 * Math.PI);
}

export const SERVED_MODELS = [
  { name: "llama-3-8b-instruct", version: "v4", llm: true, team: "inference" as const, namespace: "serving-prod" },
  { name: "mixtral-8x7b", version: "v2", llm: true, team: "inference" as const, namespace: "serving-prod" },
  { name: "bert-large-ranker", version: "v7", llm: false, team: "inference" as const, namespace: "serving-staging" },
  { name: "dlrm-v2", version: "v12", llm: false, team: "recsys" as const, namespace: "recsys-serving" },
];

const TRAINING = [
  { team: "ml-research" as const, names: ["vit-huge-ablation", "clip-finetune", "diffusion-xl-sweep"] },
  { team: "llm-training" as const, names: ["llama-pretrain-70b", "sft-instruct-8b", "rlhf-reward-model"] },
  { team: "recsys" as const, names: ["dlrm-train-daily", "two-tower-retrain"] },
];

function namespaceOf(team: TeamSlug, seed: number, key: string): string {
  const entry = TEAM_NAMESPACES.find((t) => t.team === team)!;
  const list = entry.namespaces.filter((n) => !n.includes("serving"));
  const choices = list.length ? list : entry.namespaces;
  return choices[Math.floor(unitRandom(seed, `ns:${key}`) * choices.length)]!;
}

function servingJobs(node: Node): Job[] {
  const per = Math.max(1, Math.floor(node.gpus.length / SERVED_MODELS.length));
  return SERVED_MODELS.map((m, i) => ({
    id: `${node.cluster}-serve-${m.name}`,
    name: m.name,
    kind: "serving" as const,
    team: m.team,
    namespace: m.namespace,
    cluster: node.cluster,
    hostname: node.hostname,
    gpuIndices: node.gpus.slice(i * per, (i + 1) * per).map((g) => g.index),
    startMs: 0,
    endMs: Number.MAX_SAFE_INTEGER,
    model: { name: m.name, version: m.version, llm: m.llm },
  })).filter((j) => j.gpuIndices.length > 0);
}

/** The jobs on a node at time t (each GPU in at most one). */
export function jobsOnNode(fleet: Fleet, node: Node, tMs: number): Job[] {
  if (node.role === "serving") return servingJobs(node);
  const seed = fleet.seed;
  const slotMs = (2 + Math.floor(unitRandom(seed, `slot:${node.hostname}`) * 6)) * HOUR_MS;
  const phase = Math.floor(unitRandom(seed, `phase:${node.hostname}`) * slotMs);
  const slot = Math.floor((tMs + phase) / slotMs);
  const slotStart = slot * slotMs - phase;
  const key = `${node.hostname}:${slot}`;
  const daily = dailyRhythm(slotStart + slotMs / 2);
  const anchor = node.role === "reserved-training";
  // A reserved node and an idle holder always have their job, end to end of the slot.
  const steady = anchor || holdsIdleJobs(fleet, node);
  if (!steady && unitRandom(seed, `busy:${key}`) > 0.5 + 0.4 * daily) return [];
  const whole = steady || unitRandom(seed, `split:${key}`) < 0.5;
  const halves = whole ? [node.gpus.map((g) => g.index)] : splitHalves(node.gpus);
  const jobs: Job[] = [];
  halves.forEach((gpuIndices, h) => {
    const jobKey = `${key}:${h}`;
    if (h > 0 && unitRandom(seed, `second:${jobKey}`) < 0.3) return;
    // A reserved node is a team's reservation: the same team, cluster after cluster (so every
    // training team has a job somewhere at all times); batch nodes take whoever's turn it is.
    const family = anchor ? TRAINING[reservedIndex(fleet, node) % TRAINING.length]! : TRAINING[Math.floor(unitRandom(seed, `team:${jobKey}`) * TRAINING.length)]!;
    const base = family.names[Math.floor(unitRandom(seed, `name:${jobKey}`) * family.names.length)]!;
    const id = (hashString(`${seed}:${jobKey}`) % 1_000_000).toString().padStart(6, "0");
    // Jobs start a little after the slot opens and finish a little before it closes.
    const startMs = slotStart + Math.floor(unitRandom(seed, `start:${jobKey}`) * 10 * 60_000);
    const endMs = slotStart + slotMs - Math.floor(unitRandom(seed, `end:${jobKey}`) * 20 * 60_000);
    if (!steady && (tMs < startMs || tMs >= endMs)) return;
    jobs.push({
      id: `${node.cluster}-${id}`,
      name: `${base}-${id}`,
      kind: "training",
      team: family.team,
      namespace: namespaceOf(family.team, seed, jobKey),
      cluster: node.cluster,
      hostname: node.hostname,
      gpuIndices,
      startMs,
      endMs,
    });
  });
  return jobs;
}

/**
 * With an idle share, one batch node per cluster is held, slot after slot, by a job that
 * does nothing (a notebook left open): idle allocated GPUs exist at every moment, not only
 * when the per-job draw happens to pick a running job.
 */
export function holdsIdleJobs(fleet: Pick<Fleet, "seed" | "idleJobShare" | "nodes">, node: Node): boolean {
  if (fleet.idleJobShare <= 0 || node.role !== "batch") return false;
  const batch = fleet.nodes.filter((n) => n.cluster === node.cluster && n.role === "batch");
  return batch[Math.floor(unitRandom(fleet.seed, `idle-holder:${node.cluster}`) * batch.length)] === node;
}

/** Which reserved node this is, counted across the fleet (clusters in order). */
function reservedIndex(fleet: Fleet, node: Node): number {
  return fleet.nodes.filter((n) => n.role === "reserved-training").indexOf(node);
}

function splitHalves(gpus: Gpu[]): number[][] {
  const half = Math.ceil(gpus.length / 2);
  return [gpus.slice(0, half).map((g) => g.index), gpus.slice(half).map((g) => g.index)].filter((h) => h.length > 0);
}
