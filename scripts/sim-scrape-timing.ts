/**
 * Times one scrape of a whole simulated fleet over HTTP, the way Prometheus does it
 * (every discovered target, 8 at a time): `tsx scripts/sim-scrape-timing.ts [fleet]`.
 * Starts its own simulator on a free port unless SIM_URL is given.
 */
import { buildFleet, fleetPreset } from "../lib/sim/fleet";
import { FleetModel } from "../lib/sim/model";
import { SIM_JOBS, startSimServer } from "../lib/sim/server";
import { freePort } from "./stack/process";

const fleetName = process.argv[2] ?? "demo";
let base = process.env.SIM_URL;
let close = () => undefined as void;
if (!base) {
  const port = await freePort();
  const server = await startSimServer(new FleetModel(buildFleet(fleetPreset(fleetName)), Date.now()), port);
  base = `http://127.0.0.1:${port}`;
  close = () => void server.close();
}
const targets: string[] = [];
for (const job of SIM_JOBS) {
  const groups = (await (await fetch(`${base}/sd/${job}`)).json()) as { labels: { __metrics_path__: string } }[];
  targets.push(...groups.map((g) => g.labels.__metrics_path__));
}
for (let round = 0; round < 3; round++) {
  const started = performance.now();
  let bytes = 0;
  const queue = [...targets];
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let path = queue.shift(); path; path = queue.shift()) {
        const response = await fetch(`${base}${path}`);
        if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
        bytes += (await response.text()).length;
      }
    }),
  );
  console.log(`${fleetName}: ${targets.length} targets, ${(bytes / 1e6).toFixed(1)} MB in ${Math.round(performance.now() - started)} ms`);
}
close();
process.exit(0);
