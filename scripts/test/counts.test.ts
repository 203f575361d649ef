import path from "node:path";
import { describe, expect, it } from "vitest";
import { playwrightCounts, playwrightFailures, vitestCounts, vitestFailures } from "./counts";

// Reports captured from real failing runs: Vitest's JSON of an integration file with one
// failed test of four, and Playwright's JSON of a spec with one failed test of two.
const fixture = (name: string) => path.join(import.meta.dirname, "fixtures", name);

describe("the test runner's closing summary", () => {
  it("counts and names the failed Vitest tests, with the first line of why", () => {
    const file = fixture("vitest-report-failed.json");
    expect(vitestCounts(file)).toEqual({ passed: 3, failed: 1, skipped: 0 });
    expect(vitestFailures(file, "/work/main")).toEqual([
      {
        where: "lib/maintenance/maintenance.int.test.ts",
        name: "a maintenance window silences ahead of time, and its silence expires after an occurrence whose silence could not be made is made on a later pass, once, even by two passes at a time; one another pass holds is left to it",
        why: "AssertionError: expected +0 to be 1 // Object.is equality",
      },
    ]);
  });

  it("names the failed Playwright tests by file, line and titles, without colour codes", () => {
    const file = fixture("playwright-report-failed.json");
    expect(playwrightCounts(file)).toEqual({ passed: 1, failed: 1, skipped: 0 });
    expect(playwrightFailures(file, "e2e")).toEqual([{ where: "e2e/sample.spec.ts:3", name: "runbooks › a simulator fault fires an alert", why: "Error: the affected-series panel" }]);
  });

  it("a report that was never written has no failures to name (the count says the stage failed)", () => {
    expect(vitestFailures(fixture("missing.json"), "/")).toEqual([]);
    expect(playwrightFailures(fixture("missing.json"))).toEqual([]);
    expect(vitestCounts(fixture("missing.json"))).toBeNull();
  });
});
