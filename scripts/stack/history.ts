import { execFileSync } from "node:child_process";
import { closeSync, createReadStream, createWriteStream, existsSync, mkdirSync, openSync, readdirSync, rmSync, statSync, writeSync } from "node:fs";
import path from "node:path";
import { once } from "node:events";
import { buildFleet, fleetPreset } from "../../lib/sim/fleet";
import { historyFamilies, writeHistory, type HistoryOptions } from "../../lib/sim/history";
import { FleetModel } from "../../lib/sim/model";

export interface HistoryResult {
  /** The history's first and last instants (ms). */
  fromMs: number;
  untilMs: number;
  samples: number;
  steps: number;
  writeMs: number;
  importMs: number;
  bytes: number;
}

/** Has this Prometheus data dir any block yet (not just a head)? */
export function hasBlocks(tsdbDir: string): boolean {
  return existsSync(tsdbDir) && readdirSync(tsdbDir).some((f) => /^[0-9A-Z]{26}$/.test(f));
}

/**
 * Writes `days` of history of the fleet as OpenMetrics (one file per family, then one
 * file with the families contiguous, as the format requires) and imports it into
 * `tsdbDir` with promtool, before Prometheus starts.
 */
export async function backfillHistory(opts: {
  fleet: string;
  days: number;
  stepMinutes: number;
  tsdbDir: string;
  workDir: string;
  untilMs?: number;
  /** Fewer families (a benchmark's). */
  only?: HistoryOptions;
}): Promise<HistoryResult> {
  const stepMs = opts.stepMinutes * 60_000;
  const untilMs = Math.floor((opts.untilMs ?? Date.now()) / stepMs) * stepMs;
  const fromMs = untilMs - opts.days * 86_400_000;
  mkdirSync(opts.workDir, { recursive: true });
  mkdirSync(opts.tsdbDir, { recursive: true });
  const families = historyFamilies(opts.only);
  // The walk is synchronous, so a stream would never drain while it runs (the whole history held in memory:
  // at 8,192 GPUs with the SRE dashboard's families, past the heap). Each family's lines are written in 1 MB chunks.
  const files = new Map(families.map((f) => [f.name, { fd: openSync(path.join(opts.workDir, `${f.name.replace(/:/g, "_")}.part`), "w"), lines: [] as string[], bytes: 0 }]));
  const flush = (file: { fd: number; lines: string[]; bytes: number }) => {
    writeSync(file.fd, file.lines.join(""));
    file.lines = [];
    file.bytes = 0;
  };

  const started = performance.now();
  const model = new FleetModel(buildFleet(fleetPreset(opts.fleet)), fromMs);
  let samples = 0;
  const steps = writeHistory(model, untilMs, stepMs, (family, line) => {
    const file = files.get(family)!;
    file.lines.push(`${line}\n`);
    file.bytes += line.length + 1;
    if (file.bytes > 1 << 20) flush(file);
    samples++;
  }, opts.only);
  for (const file of files.values()) {
    flush(file);
    closeSync(file.fd);
  }

  const omFile = path.join(opts.workDir, "history.om");
  const out = createWriteStream(omFile);
  for (const f of families) {
    out.write(`# HELP ${f.name} ${f.help}\n# TYPE ${f.name} gauge\n`);
    for await (const chunk of createReadStream(path.join(opts.workDir, `${f.name.replace(/:/g, "_")}.part`))) {
      if (!out.write(chunk)) await once(out, "drain");
    }
  }
  await new Promise<void>((resolve) => out.end("# EOF\n", () => resolve()));
  const writeMs = performance.now() - started;
  const bytes = statSync(omFile).size;

  const importStarted = performance.now();
  execFileSync("promtool", ["tsdb", "create-blocks-from", "openmetrics", "--max-block-duration=24h", omFile, opts.tsdbDir], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  const importMs = performance.now() - importStarted;
  rmSync(opts.workDir, { recursive: true, force: true });
  return { fromMs, untilMs, samples, steps, writeMs, importMs, bytes };
}
