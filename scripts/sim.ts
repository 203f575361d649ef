/**
 * The fleet simulator.
 *   tsx scripts/sim.ts [--port 9400] [--fleet demo|test|small] [--scale <nodes>] [--seed 42] [--labels release|main|old-namespace|exported]
 *   tsx scripts/sim.ts fault <name> --target <node|gpu|rack|model> [--for 10m]
 *   tsx scripts/sim.ts faults            (list what is active)
 *   tsx scripts/sim.ts fault clear [id]
 * (`npm run sim -- ...`). A real HTTP exporter with dcgm-exporter's names, for Prometheus.
 */
import { parseArgs } from "node:util";
import { SPELLING_NAMES, type LabelSpelling } from "../lib/metrics/labels";
import { buildFleet, fleetPreset } from "../lib/sim/fleet";
import { FleetModel } from "../lib/sim/model";
import { startSimServer } from "../lib/sim/server";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    port: { type: "string", default: process.env.SIM_PORT ?? "9400" },
    host: { type: "string", default: "127.0.0.1" },
    fleet: { type: "string", default: "demo" },
    /** GPU nodes (8 GPUs each) in two clusters: --scale 1024 is 8,192 GPUs. */
    scale: { type: "string" },
    seed: { type: "string", default: "42" },
    /** dcgm-exporter's label spelling (lib/metrics/labels.ts); a scrape may also ask with ?labels=. */
    labels: { type: "string", default: "release" },
    target: { type: "string" },
    for: { type: "string" },
  },
});
const base = `http://${values.host}:${values.port}`;

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body ? { "content-type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  }).catch((error: Error) => {
    console.error(`The simulator at ${base} does not answer (${error.message}). Is the demo running?`);
    process.exit(1);
  });
  const text = await response.text();
  console.log(text);
  if (!response.ok) process.exit(1);
}

const [command, name, arg] = positionals;
if (command === "faults") {
  await call("GET", "/faults");
} else if (command === "fault" && name === "clear") {
  await call("DELETE", arg ? `/faults/${arg}` : "/faults");
} else if (command === "fault") {
  if (!name || !values.target) {
    console.error("usage: npm run sim -- fault <name> --target <node|gpu|rack|model> [--for 10m]");
    process.exit(2);
  }
  await call("POST", "/faults", { name, target: values.target, for: values.for });
} else if (command === undefined || command === "serve") {
  if (!SPELLING_NAMES.includes(values.labels as LabelSpelling)) {
    console.error(`--labels: one of ${SPELLING_NAMES.join(", ")}`);
    process.exit(2);
  }
  const fleet = buildFleet(fleetPreset(values.scale ? `scale-${values.scale}` : values.fleet, Number(values.seed)));
  const started = performance.now();
  const model = new FleetModel(fleet, Date.now());
  const server = await startSimServer(model, Number(values.port), values.host, Date.now, values.labels as LabelSpelling);
  console.log(`fleet simulator: ${fleet.gpus.length} GPUs on ${fleet.nodes.length} nodes, ${base} (ready in ${Math.round(performance.now() - started)} ms)`);
  for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => server.close(() => process.exit(0)));
} else {
  console.error(`unknown command "${command}"`);
  process.exit(2);
}
