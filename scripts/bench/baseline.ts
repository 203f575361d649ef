/**
 * "Today's main" in the benchmark: the console as it was before the work being measured,
 * built from git and run beside this one against the same Prometheus in the same run, so
 * a figure is reported against the same measurement of the code it replaces.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser } from "@playwright/test";
import { ROOT } from "../stack/services";
import { CHROMIUM_ARGS, drawCold, EVERY_PANEL_IN_VIEW, signIn, type Drawn } from "./cold-draw";
import { summary, type Summary } from "./stats";

/** The last commit before issue 26 (fleet scale): what its targets are measured against. */
export const BASELINE_REV = process.env.BENCH_BASELINE_REV ?? "4422e67";

/**
 * Builds `rev` as the Docker image does (standalone) in a git worktree of its own under the
 * system's temporary directory (outside this tree, so Next infers that worktree as its root),
 * with this checkout's node_modules hard-linked in. A worktree already built is reused.
 */
export function buildBaseline(rev: string, distDir: string): { root: string; commit: string } {
  const commit = execFileSync("git", ["rev-parse", `${rev}^{commit}`], { cwd: ROOT, encoding: "utf8" }).trim();
  const root = path.join(os.tmpdir(), `fleet-console-baseline-${commit.slice(0, 12)}`);
  if (existsSync(path.join(root, distDir, "standalone", "server.js"))) return { root, commit };
  execFileSync("git", ["worktree", "prune"], { cwd: ROOT });
  if (!existsSync(root)) execFileSync("git", ["worktree", "add", "--force", "--detach", root, commit], { cwd: ROOT, stdio: "ignore" });
  if (!existsSync(path.join(root, "node_modules"))) execFileSync("cp", ["-al", path.join(ROOT, "node_modules"), path.join(root, "node_modules")]);
  const env = { ...process.env, NEXT_DIST_DIR: distDir, NEXT_OUTPUT: "standalone", NEXT_TELEMETRY_DISABLED: "1", NEXT_SKIP_TYPECHECK: "1" };
  execFileSync("npm", ["run", "-s", "db:generate"], { cwd: root, env, stdio: "ignore" });
  execFileSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], { cwd: root, env, stdio: "ignore" });
  return { root, commit };
}

export interface ConsoleUnderTest {
  name: "current" | "main";
  url: string;
  /** Stops and starts its process: a cold load is one on a console that has served nothing yet. */
  restart: () => Promise<void>;
}

export interface ColdDraw {
  page: string;
  console: ConsoleUnderTest["name"];
  drawn: Drawn;
}

export interface PageAgainstMain {
  page: string;
  /** Drawn loads' times (ms); a console whose loads all ran out has none. */
  current?: Summary;
  main?: Summary;
  currentUnfinished: number;
  mainUnfinished: number;
  /** current ÷ main of the medians, where both drew. */
  ratio?: number;
}

export interface AgainstMain {
  commit: string;
  runs: number;
  pages: PageAgainstMain[];
  draws: ColdDraw[];
}

/**
 * Each page opened cold in Chromium on both consoles, `runs` times, every panel in view, at
 * the page's own default window (what a user opening it sees); the order alternates run by
 * run, and each console is restarted before each load (its session outlives the restart).
 */
export async function drawAgainstMain(consoles: ConsoleUnderTest[], pages: string[], runs: number, commit: string): Promise<AgainstMain> {
  const browser: Browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
  const draws: ColdDraw[] = [];
  try {
    const tabs = [];
    for (const c of consoles) {
      const page = await (await browser.newContext({ baseURL: c.url, viewport: EVERY_PANEL_IN_VIEW })).newPage();
      await signIn(page, "sre@demo.local", /\/sre/);
      tabs.push({ console: c, page });
    }
    for (let i = 0; i < runs; i++) {
      for (const p of pages) {
        for (const { console: c, page } of i % 2 === 0 ? tabs : [...tabs].reverse()) {
          await page.goto("about:blank"); // nothing of the last load refreshing while the console restarts
          await c.restart();
          const drawn = await drawCold(page, p);
          console.log(`  ${c.name} ${p}: ${drawn.finished ? `${Math.round(drawn.drawnMs)} ms` : `unfinished after ${Math.round(drawn.afterMs / 1000)} s (${drawn.stuck.join(", ")})`}`);
          draws.push({ page: p, console: c.name, drawn });
        }
      }
    }
  } finally {
    await browser.close();
  }
  const times = (p: string, c: ConsoleUnderTest["name"]) => draws.filter((d) => d.page === p && d.console === c).flatMap((d) => (d.drawn.finished ? [d.drawn.drawnMs] : []));
  const unfinished = (p: string, c: ConsoleUnderTest["name"]) => draws.filter((d) => d.page === p && d.console === c && !d.drawn.finished).length;
  return {
    commit,
    runs,
    draws,
    pages: pages.map((p) => {
      const current = times(p, "current");
      const main = times(p, "main");
      const s = { current: current.length ? summary(current) : undefined, main: main.length ? summary(main) : undefined };
      return { page: p, ...s, currentUnfinished: unfinished(p, "current"), mainUnfinished: unfinished(p, "main"), ...(s.current && s.main ? { ratio: s.current.p50 / s.main.p50 } : {}) };
    }),
  };
}
