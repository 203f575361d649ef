/**
 * The fleet simulator as a process: `tsx scripts/sim.ts --port 9400 --fleet small`.
 * A real HTTP exporter with dcgm-exporter's names, for Prometheus to scrape.
 */
import { parseArgs } from "node:util";
import { buildFleet, SMALL_FLEET } from "../lib/sim/fleet";
import { startSimulator } from "../lib/sim/server";

const FLEETS = { small: SMALL_FLEET };

const { values } = parseArgs({
  options: {
    port: { type: "string", default: process.env.SIM_PORT ?? "9400" },
    host: { type: "string", default: "127.0.0.1" },
    fleet: { type: "string", default: "small" },
  },
});

const fleetConfig = FLEETS[values.fleet as keyof typeof FLEETS];
if (!fleetConfig) {
  console.error(`Unknown fleet "${values.fleet}"; known: ${Object.keys(FLEETS).join(", ")}`);
  process.exit(2);
}
const fleet = buildFleet(fleetConfig);
const server = await startSimulator(fleet, Number(values.port), values.host);
console.log(`fleet simulator: ${fleet.gpus.length} GPUs on http://${values.host}:${values.port}/metrics`);

for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, () => server.close(() => process.exit(0)));
}
