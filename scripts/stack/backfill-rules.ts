import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { recordedReads, seriesReads } from "../../lib/prom/recorded";

/**
 * Recording rules over imported history: `promtool tsdb create-blocks-from rules` evaluates
 * each rule over [start, end] against the running Prometheus, and the blocks are moved into
 * its data directory. A rule that reads another rule
 * (team:gpu_hours:1h reads team:gpus_allocated:count) is evaluated in a later pass, once the
 * blocks of the rules it reads are loaded: promtool evaluates against Prometheus' data, not
 * its own output.
 */

interface RuleGroup {
  name: string;
  interval?: string;
  rules: { record?: string; alert?: string; expr: string; labels?: Record<string, string> }[];
}

const run = promisify(execFile);

export interface RecordingRule {
  group: string;
  interval?: string;
  record: string;
  expr: string;
  labels?: Record<string, string>;
}

/** The recording rules of every *.yml in a rules directory, in file and group order. */
export function recordingRules(rulesDir: string): RecordingRule[] {
  return readdirSync(rulesDir)
    .filter((f) => f.endsWith(".yml"))
    .sort()
    .flatMap((f) => (YAML.parse(readFileSync(path.join(rulesDir, f), "utf8")) as { groups?: RuleGroup[] }).groups ?? [])
    .flatMap((g) => g.rules.filter((r) => r.record).map((r) => ({ group: g.name, interval: g.interval, record: r.record!, expr: r.expr, ...(r.labels ? { labels: r.labels } : {}) })));
}

/**
 * The passes: each rule after every rule it reads (its depth in the graph of rules reading
 * rules). A rule reading one that no pass records (node:gpus_configured:count of an
 * inventory not configured here) is not held back by it.
 */
export function backfillPasses(rules: readonly RecordingRule[]): RecordingRule[][] {
  const byName = new Map<string, RecordingRule[]>();
  for (const r of rules) byName.set(r.record, [...(byName.get(r.record) ?? []), r]);
  const depth = new Map<RecordingRule, number>();
  const depthOf = (rule: RecordingRule, seen: Set<RecordingRule>): number => {
    const known = depth.get(rule);
    if (known !== undefined) return known;
    if (seen.has(rule)) throw new Error(`recording rules read each other in a cycle at ${rule.record}`);
    seen.add(rule);
    const reads = recordedReads(rule.expr).flatMap((r) => byName.get(r.name) ?? []).filter((r) => r !== rule);
    const d = reads.length ? 1 + Math.max(...reads.map((r) => depthOf(r, seen))) : 0;
    depth.set(rule, d);
    return d;
  };
  const passes: RecordingRule[][] = [];
  for (const r of rules) (passes[depthOf(r, new Set())] ??= []).push(r);
  return passes.filter(Boolean);
}

/**
 * The exporter series that expressions read, through the recording rules they read (a
 * rule's name stands for what its expression reads, rule after rule): the history a
 * window of these expressions needs for the rules to be backfilled and the raw forms to
 * answer. `ALERTS` and the like, which no exporter writes, are the caller's to drop.
 */
export function rawNamesRead(exprs: readonly string[], rules: readonly RecordingRule[]): string[] {
  const byName = new Map<string, RecordingRule[]>();
  for (const r of rules) byName.set(r.record, [...(byName.get(r.record) ?? []), r]);
  const raw = new Set<string>();
  const seen = new Set<string>();
  const visit = (expr: string) => {
    for (const { name } of seriesReads(expr)) {
      const defining = byName.get(name);
      if (!defining) raw.add(name);
      else if (!seen.has(name)) {
        seen.add(name);
        for (const r of defining) visit(r.expr);
      }
    }
  };
  for (const e of exprs) visit(e);
  return [...raw].sort();
}

function rulesFile(rules: readonly RecordingRule[]): string {
  const groups = new Map<string, RuleGroup>();
  for (const r of rules) {
    const g = groups.get(r.group) ?? { name: r.group, ...(r.interval ? { interval: r.interval } : {}), rules: [] };
    g.rules.push({ record: r.record, expr: r.expr, ...(r.labels ? { labels: r.labels } : {}) });
    groups.set(r.group, g);
  }
  return YAML.stringify({ groups: [...groups.values()] });
}

export interface RuleBackfillResult {
  rules: number;
  passes: number;
  blocks: number;
  ms: number;
}

/**
 * Backfills every recording rule of `rulesDir` over [startMs, endMs] into the Prometheus at
 * `promUrl` whose data directory is `tsdbDir`; between passes `reload` makes Prometheus load
 * the blocks the next pass reads.
 */
export async function backfillRecordingRules(opts: {
  promUrl: string;
  rulesDir: string;
  tsdbDir: string;
  workDir: string;
  startMs: number;
  endMs: number;
  /** Makes Prometheus load the moved blocks (a restart): waiting for its own once-a-minute look once missed a pass. */
  reload: () => Promise<void>;
}): Promise<RuleBackfillResult> {
  const started = performance.now();
  const rules = recordingRules(opts.rulesDir);
  const passes = backfillPasses(rules);
  let blocks = 0;
  rmSync(opts.workDir, { recursive: true, force: true });
  for (const [i, pass] of passes.entries()) {
    const dir = path.join(opts.workDir, `pass-${i}`);
    const out = path.join(dir, "blocks");
    mkdirSync(out, { recursive: true });
    const file = path.join(dir, "rules.yml");
    writeFileSync(file, rulesFile(pass));
    // Asynchronously: the demo starts the console meanwhile, and a synchronous wait here would stall everything else this process does.
    await run(
      "promtool",
      ["tsdb", "create-blocks-from", "rules", "--quiet", `--url=${opts.promUrl}`, `--start=${Math.floor(opts.startMs / 1000)}`, `--end=${Math.floor(opts.endMs / 1000)}`, `--output-dir=${out}`, file],
      { maxBuffer: 64 * 1024 * 1024 },
    ).catch((error: Error & { stderr?: string }) => {
      throw new Error(`promtool tsdb create-blocks-from rules (pass ${i + 1}): ${(error.stderr || error.message).trim().split("\n").slice(-1)[0]}`);
    });
    for (const block of readdirSync(out).filter((f) => /^[0-9A-Z]{26}$/.test(f))) {
      renameSync(path.join(out, block), path.join(opts.tsdbDir, block));
      blocks++;
    }
    // The next pass reads this one's series: Prometheus loads the moved blocks when restarted.
    if (i < passes.length - 1) await opts.reload();
  }
  rmSync(opts.workDir, { recursive: true, force: true });
  return { rules: rules.length, passes: passes.length, blocks, ms: performance.now() - started };
}
