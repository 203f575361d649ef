import type { AgainstMain } from "./baseline";
import { round, type Summary } from "./stats";

/** The console benchmark's results (bench/results/console.json), as scripts/bench/console.ts saves them phase by phase. */
export interface ConsoleResults {
  machine: { cpus: number; cpu: string; memoryGiB: number; node: string; date: string };
  fleet: { gpus: number; historyHours: number; historySamples: number };
  dashboard: { panels: number; requests: number };
  runs: unknown[];
  P1: { direct: Summary; proxy: Summary; ratioP50: number; ratioP99: number };
  P2: { viewers: number; seconds: number; historyHours?: number; withCacheAndSharing: P2Run; plainProxy: P2Run };
  P3: { coldMs: Summary; warmMs: Summary; coldOverWarm: Summary; cachedShareAfterOneMinute: Summary };
  P4: { query: string; rows: { rangeHours: number; width: number; step: number; maxPoints: number; ratio: number }[]; worst: number };
  P5: { browserBytes: Summary; browserWireBytes: Summary; promBytes: Summary; promGzipBytes: Summary; ratio: Summary; wireRatio: Summary };
  P6: { drawnMs: Summary; upstreamMs: Summary; ratio: Summary };
  P7: { viewers: number; seconds: number; twoReplicas: P2Run; oneReplica?: P2Run; ratio?: number };
  profile?: Profile;
  P8?: AgainstMain;
}

/** Where a cold load of the dashboard spends its time: Prometheus' evaluation of what it was asked. */
export interface Profile {
  drawnMs: number;
  upstreamEvalSeconds: number;
  queries: number;
  slowest: { endpoint: string; query: string; evalSeconds: number; samples: number }[];
}

export interface P2Run {
  panelRequests: number;
  failedRequests: number;
  upstreamCalls: number;
  ratio: number;
  peakRssMb: number;
  unfinishedLoads?: number;
  /** Panels served from the cache, and by joining a call already in flight (with Redis, possibly another replica's). */
  cacheHits?: number;
  sharedCalls?: number;
}

/** Browsers open at most 6 connections to one host over HTTP/1.1: the baselines replay with the same limit. */
export const BROWSER_CONNECTIONS = 6;

const mib = (bytes: number) => `${round(bytes / 2 ** 20, 2)} MiB`;
const spread = (s: Summary, digits = 2) => `${round(s.p50, digits)} (IQR ${round(s.p25, digits)}–${round(s.p75, digits)})`;

function profileSection(p: Profile): string {
  const short = (q: string) => (q.length > 110 ? `${q.slice(0, 107)}…` : q).replace(/\|/g, "\\|");
  return `Where a cold load's time goes (the first P6 run, drawn in ${round(p.drawnMs, 0)} ms): Prometheus spent ${round(p.upstreamEvalSeconds, 1)} s evaluating the ${p.queries} queries it was asked (six at a time on two cores); the slowest:

| Prometheus' evaluation | samples read | query |
| --- | --- | --- |
${p.slowest.map((q) => `| ${round(q.evalSeconds * 1000, 0)} ms | ${q.samples.toLocaleString("en")} | \`${short(q.query)}\` (${q.endpoint}) |`).join("\n")}

`;
}

/** Targets of issue 26 for a page drawn cold, every panel in view. */
const DRAWN_TARGET_MS: Record<string, number> = { "/sre": 8_000, "/overview": 2_000 };

function againstMainSection(m: AgainstMain): string {
  const cell = (s: Summary | undefined, unfinished: number) =>
    `${s ? `${round(s.p50, 0)} ms (IQR ${round(s.p25, 0)}–${round(s.p75, 0)})` : "none drew"}${unfinished ? `, ${unfinished} of ${m.runs} unfinished` : ""}`;
  return `P8: each page drawn cold in Chromium (a console restarted before each load, its default window, every panel in view), this console against today's main (\`${m.commit.slice(0, 7)}\`, built from git beside it, same Prometheus), ${m.runs} runs alternated:

| page | this console | today's main | ratio | target |
| --- | --- | --- | --- | --- |
${m.pages.map((p) => `| \`${p.page}\` | ${cell(p.current, p.currentUnfinished)} | ${cell(p.main, p.mainUnfinished)} | ${p.ratio !== undefined ? round(p.ratio, 2) : "—"} | ${DRAWN_TARGET_MS[p.page] ? `≤ ${DRAWN_TARGET_MS[p.page]! / 1000} s` : "—"} |`).join("\n")}

`;
}

/** bench/results/console.md: every figure beside its baseline. */
export function consoleReport(r: ConsoleResults): string {
  const p2 = r.P2.withCacheAndSharing;
  const p2b = r.P2.plainProxy;
  return `# Console benchmark: ${r.fleet.gpus.toLocaleString("en")} GPUs, ${r.fleet.historyHours} h of history

${r.machine.cpus} × ${r.machine.cpu}, ${r.machine.memoryGiB} GiB, Node ${r.machine.node}, ${r.machine.date}. Everything on this machine: the simulator (${r.fleet.gpus.toLocaleString("en")} GPUs scraped every 15 s), Prometheus (with ${r.fleet.historySamples.toLocaleString("en")} samples of backfilled history at 5 min, its last 3 h at 1 min, and the recording rules backfilled over it), PostgreSQL, the consoles (standalone builds: this one, a plain proxy of it, two replicas on one Redis, today's main) and the load. The SRE dashboard (\`/sre\`, 1 h): ${r.dashboard.panels} panels, ${r.dashboard.requests} requests from the browser. Medians with the interquartile range of ${r.runs.length} runs unless said.

| figure | console | baseline | ratio | target |
| --- | --- | --- | --- | --- |
| P1 uncached 6 h range query at 60 s, p50 (n=${r.P1.proxy.n}, alternated) | ${round(r.P1.proxy.p50, 1)} ms via proxy (IQR ${round(r.P1.proxy.p25, 1)}–${round(r.P1.proxy.p75, 1)}) | ${round(r.P1.direct.p50, 1)} ms direct (IQR ${round(r.P1.direct.p25, 1)}–${round(r.P1.direct.p75, 1)}) | ${round(r.P1.ratioP50, 2)} | ≤ 1.05 |
| P1 same, p99 | ${round(r.P1.proxy.p99, 1)} ms | ${round(r.P1.direct.p99, 1)} ms | ${round(r.P1.ratioP99, 2)} | — |
| P2 upstream ÷ panel requests, ${r.P2.viewers} viewers every 30 s for ${r.P2.seconds} s${r.P2.historyHours !== undefined && r.P2.historyHours !== r.fleet.historyHours ? ` (a run of its own, ${r.P2.historyHours} h of history)` : ""} | ${p2.upstreamCalls} ÷ ${p2.panelRequests} = ${round(p2.ratio, 3)} (${p2.failedRequests} failed) | plain proxy: ${p2b.upstreamCalls} ÷ ${p2b.panelRequests} = ${round(p2b.ratio, 3)} (${p2b.failedRequests} failed) | ${round(p2.ratio / p2b.ratio, 3)} | ≤ 0.05 |
| peak RSS of the console during P2 | ${round(p2.peakRssMb, 0)} MB | plain proxy ${round(p2b.peakRssMb, 0)} MB | ${round(p2.peakRssMb / p2b.peakRssMb, 2)} | — |
| P3 cold ÷ warm load of the whole dashboard (API, 6 at a time) | cold ${round(r.P3.coldMs.p50, 0)} ms | warm ${round(r.P3.warmMs.p50, 1)} ms | ${spread(r.P3.coldOverWarm, 1)}× | ≥ 20× |
| P3 window moved by 1 min: bytes served from the cache | ${round(r.P3.cachedShareAfterOneMinute.p50 * 100, 0)} % (IQR ${round(r.P3.cachedShareAfterOneMinute.p25 * 100, 0)}–${round(r.P3.cachedShareAfterOneMinute.p75 * 100, 0)}) | — | — | — |
| P4 points per series ÷ panel width, worst of ${r.P4.rows.length} (ranges 1/6/24 h × widths 200–2560 px) | ${Math.max(...r.P4.rows.map((r) => r.maxPoints))} points at most | — | ${round(r.P4.worst, 3)} | ≤ 1 |
| P5 bytes to the browser per dashboard load ÷ Prometheus' JSON for its queries | ${mib(r.P5.browserBytes.p50)} (${mib(r.P5.browserWireBytes.p50)} on the wire) | ${mib(r.P5.promBytes.p50)} (${mib(r.P5.promGzipBytes.p50)} gzipped) | ${spread(r.P5.ratio, 3)} (wire ${round(r.P5.wireRatio.p50, 3)}) | — |
| P6 every panel drawn in Chromium ÷ its upstream queries alone (${BROWSER_CONNECTIONS} at a time) | ${round(r.P6.drawnMs.p50, 0)} ms | ${round(r.P6.upstreamMs.p50, 0)} ms | ${spread(r.P6.ratio, 2)} | — |
| P7 upstream calls, P2's viewers over two replicas on one Redis ÷ one replica's (P2) | ${r.P7.twoReplicas.upstreamCalls} for ${r.P7.twoReplicas.panelRequests} panel requests (${r.P7.twoReplicas.failedRequests} failed; ${r.P7.twoReplicas.cacheHits ?? "?"} cache hits, ${r.P7.twoReplicas.sharedCalls ?? "?"} joined in flight) | ${r.P7.oneReplica ? `one replica: ${r.P7.oneReplica.upstreamCalls}` : "—"} | ${r.P7.ratio !== undefined ? round(r.P7.ratio, 2) : "—"} | ≤ 1.1 |

${r.P8 ? againstMainSection(r.P8) : ""}${r.profile ? profileSection(r.profile) : ""}P4 in detail (\`${r.P4.query}\`, steps as a panel of that width asks):

| range | ${r.P4.rows.filter((r) => r.rangeHours === 1).map((r) => `${r.width} px`).join(" | ")} |
| --- | ${r.P4.rows.filter((r) => r.rangeHours === 1).map(() => "---").join(" | ")} |
${[1, 6, 24].map((h) => `| ${h} h | ${r.P4.rows.filter((r) => r.rangeHours === h).map((r) => `${r.maxPoints} pts, step ${r.step} s`).join(" | ")} |`).join("\n")}
`;
}
