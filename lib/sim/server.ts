import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { SPELLING_NAMES, type LabelSpelling } from "../metrics/labels";
import { EXPOSITION_CONTENT_TYPE } from "./exposition";
import { renderDcgm } from "./exporters/dcgm";
import { renderNodeExporter } from "./exporters/node";
import { renderFacility, renderInference, renderScheduler, renderTraining } from "./exporters/cluster";
import { FAULTS, FaultRequestSchema } from "./faults";
import { SERVED_MODELS } from "./schedule";
import type { FleetModel } from "./model";

/**
 * The simulator's HTTP side. Prometheus discovers the targets with http_sd
 * (`/sd/<job>`): one dcgm-exporter and one node_exporter per node, and per cluster a
 * facility, scheduler, inference and training exporter. Faults: GET/POST/DELETE /faults.
 */
export const SIM_JOBS = ["dcgm", "node", "facility", "scheduler", "inference", "training"] as const;
export type SimJob = (typeof SIM_JOBS)[number];
const NODE_JOBS = new Set<SimJob>(["dcgm", "node"]);
const EXPORTER_PORT: Record<SimJob, number> = { dcgm: 9400, node: 9100, facility: 9200, scheduler: 9201, inference: 8000, training: 8001 };

export function serviceDiscovery(model: FleetModel, job: SimJob, address: string) {
  if (NODE_JOBS.has(job)) {
    return model.fleet.nodes.map((n) => ({
      targets: [address],
      labels: { __metrics_path__: `/${job}/${n.hostname}/metrics`, instance: `${n.hostname}:${EXPORTER_PORT[job]}`, cluster: n.cluster, rack: n.rack },
    }));
  }
  return model.fleet.clusters.map((c) => ({
    targets: [address],
    labels: { __metrics_path__: `/${job}/${c}/metrics`, instance: `${job}.${c}:${EXPORTER_PORT[job]}`, cluster: c },
  }));
}

/**
 * Renders one target's scrape, or null when it does not exist; "down" for a dead node.
 * `spelling`: dcgm-exporter's label names (a scrape may ask with `?labels=main` etc.).
 */
export function renderTarget(model: FleetModel, job: SimJob, id: string, spelling: LabelSpelling = "release"): string | null | "down" {
  if (NODE_JOBS.has(job)) {
    const node = model.fleet.nodes.find((n) => n.hostname === id);
    if (!node) return null;
    if (model.faults.has("dead-node", id, model.tMs)) return "down";
    return job === "dcgm" ? renderDcgm(model, node, undefined, spelling) : renderNodeExporter(model, node);
  }
  if (!model.fleet.clusters.includes(id)) return null;
  if (job === "scheduler") return renderScheduler(model, id, spelling);
  const render = { facility: renderFacility, inference: renderInference, training: renderTraining }[job as Exclude<SimJob, "dcgm" | "node" | "scheduler">];
  return render(model, id);
}

/** Checks that a fault's target exists, by the kind its fault names. */
export function targetError(model: FleetModel, name: keyof typeof FAULTS, target: string): string | null {
  const kind = FAULTS[name].target;
  const ok =
    kind === "node" ? model.fleet.nodes.some((n) => n.hostname === target)
    : kind === "gpu" ? model.gpuIndex(target) >= 0
    : kind === "rack" ? model.fleet.racks.some((r) => r.rack === target)
    : SERVED_MODELS.some((m) => m.name === target);
  return ok ? null : `fault "${name}" needs a ${kind} as target; "${target}" is not one`;
}

function send(res: ServerResponse, status: number, body: unknown, contentType = "application/json") {
  res.writeHead(status, { "content-type": contentType });
  res.end(typeof body === "string" ? body : JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
  } catch {
    return undefined;
  }
}

export function startSimServer(model: FleetModel, port: number, host = "127.0.0.1", clock: () => number = Date.now, defaultSpelling: LabelSpelling = "release"): Promise<Server> {
  const address = `${host}:${port}`;
  const server = createServer((req, res) => {
    void handle(req, res).catch((error: Error) => send(res, 500, { error: error.message }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://sim");
    const parts = url.pathname.split("/").filter(Boolean);
    model.advanceTo(Math.floor(clock() / 1000) * 1000);
    if (req.method === "GET" && parts[0] === "sd" && SIM_JOBS.includes(parts[1] as SimJob)) {
      return send(res, 200, serviceDiscovery(model, parts[1] as SimJob, address));
    }
    if (req.method === "GET" && parts.length === 3 && parts[2] === "metrics" && SIM_JOBS.includes(parts[0] as SimJob)) {
      const asked = url.searchParams.get("labels") ?? defaultSpelling;
      if (!SPELLING_NAMES.includes(asked as LabelSpelling)) return send(res, 400, `labels: one of ${SPELLING_NAMES.join(", ")}\n`, "text/plain");
      const text = renderTarget(model, parts[0] as SimJob, parts[1]!, asked as LabelSpelling);
      if (text === null) return send(res, 404, "no such target\n", "text/plain");
      if (text === "down") return send(res, 503, "exporter down (dead-node fault)\n", "text/plain");
      return send(res, 200, text, EXPOSITION_CONTENT_TYPE);
    }
    if (parts[0] === "faults") return handleFaults(req, res, parts[1]);
    if (req.method === "GET" && (parts.length === 0 || parts[0] === "health")) {
      const f = model.fleet;
      return send(res, 200, { gpus: f.gpus.length, nodes: f.nodes.length, racks: f.racks.length, clusters: f.clusters, jobs: SIM_JOBS });
    }
    return send(res, 404, { error: "not found" });
  }

  async function handleFaults(req: IncomingMessage, res: ServerResponse, id: string | undefined) {
    if (req.method === "GET") return send(res, 200, { active: model.faults.active(model.tMs), available: FAULTS });
    if (req.method === "DELETE") return send(res, 200, { cleared: model.faults.clear(id === undefined ? undefined : Number(id)) });
    if (req.method !== "POST") return send(res, 405, { error: "use GET, POST or DELETE" });
    const parsed = FaultRequestSchema.safeParse(await readJson(req));
    if (!parsed.success) {
      return send(res, 400, { error: parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ") });
    }
    const bad = targetError(model, parsed.data.name, parsed.data.target);
    if (bad) return send(res, 400, { error: bad });
    return send(res, 201, model.faults.add(parsed.data, model.tMs));
  }

  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve(server));
  });
}
