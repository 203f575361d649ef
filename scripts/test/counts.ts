import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

/** Vitest's JSON reporter (Jest-compatible numbers). */
export function vitestCounts(file: string): Counts | null {
  if (!existsSync(file)) return null;
  const r = JSON.parse(readFileSync(file, "utf8")) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
  return { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + r.numTodoTests };
}

/** Playwright's JSON reporter: expected = passed, unexpected = failed, flaky counts as failed. */
export function playwrightCounts(file: string): Counts | null {
  if (!existsSync(file)) return null;
  const r = JSON.parse(readFileSync(file, "utf8")) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } };
  return { passed: r.stats.expected, failed: r.stats.unexpected + r.stats.flaky, skipped: r.stats.skipped };
}

/** One failed test, as the closing summary lists it: where, which, and the first line of why. */
export interface Failure {
  where: string;
  name: string;
  why: string;
}

// eslint-disable-next-line no-control-regex -- ANSI colour codes in the reporters' messages
const ANSI = /\u001b\[[0-9;]*m/g;
const firstLine = (text: string | undefined) => (text ?? "").replace(ANSI, "").split("\n").map((l) => l.trim()).find(Boolean)?.slice(0, 240) ?? "";

/** The failed tests of a Vitest JSON report, and any file that failed outside a test (an import, a hook). */
export function vitestFailures(file: string, root: string): Failure[] {
  if (!existsSync(file)) return [];
  type Result = { name: string; status: string; message: string; assertionResults: { fullName: string; status: string; failureMessages: string[] }[] };
  const r = JSON.parse(readFileSync(file, "utf8")) as { testResults: Result[] };
  return r.testResults.flatMap((f) => {
    const where = path.relative(root, f.name);
    const failed = f.assertionResults.filter((a) => a.status === "failed").map((a) => ({ where, name: a.fullName, why: firstLine(a.failureMessages[0]) }));
    return failed.length === 0 && f.status === "failed" ? [{ where, name: "(the file, outside its tests)", why: firstLine(f.message) }] : failed;
  });
}

/** The failed (and flaky) tests of a Playwright JSON report (its spec files named under `testDir`). */
export function playwrightFailures(file: string, testDir = ""): Failure[] {
  if (!existsSync(file)) return [];
  type Spec = { title: string; file: string; line: number; tests: { status: string; results: { error?: { message?: string } }[] }[] };
  type Suite = { title: string; specs: Spec[]; suites?: Suite[] };
  const r = JSON.parse(readFileSync(file, "utf8")) as { suites: Suite[] };
  const walk = (suite: Suite, titles: string[]): Failure[] => [
    ...suite.specs.flatMap((spec) =>
      spec.tests
        .filter((t) => t.status === "unexpected" || t.status === "flaky")
        .map((t) => ({ where: `${path.join(testDir, spec.file)}:${spec.line}`, name: [...titles, spec.title].join(" › ") + (t.status === "flaky" ? " (flaky)" : ""), why: firstLine(t.results.find((x) => x.error)?.error?.message) })),
    ),
    ...(suite.suites ?? []).flatMap((s) => walk(s, [...titles, s.title])),
  ];
  return r.suites.flatMap((s) => walk(s, []));
}
