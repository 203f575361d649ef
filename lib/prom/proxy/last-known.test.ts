import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { promErrorBody } from "../errors";
import { readStale, STALE_WARNING } from "../stale";
import { dataTimeMs, lastKnownKey, staleResult, unreachableReason } from "./last-known";

const FIXTURE = JSON.parse(readFileSync(path.join(import.meta.dirname, "../fixtures/query-range-gpu-util.json"), "utf8")) as { data: unknown };
const range = (start: number, end: number, step = 15) => new URLSearchParams({ query: "avg(DCGM_FI_DEV_GPU_UTIL)", start: String(start), end: String(end), step: String(step) });

describe("the last known answer of a panel query", () => {
  it("is known by what it asks, not by which window: a refresh a minute later has the same identity", () => {
    const a = lastKnownKey("default", null, "query_range", range(1_000, 4_600));
    expect(a).toBe(lastKnownKey("default", null, "query_range", range(1_060, 4_660)));
    // Another window length, step, query, scope or datasource is another panel's answer.
    expect(a).not.toBe(lastKnownKey("default", null, "query_range", range(1_000, 8_200)));
    expect(a).not.toBe(lastKnownKey("default", null, "query_range", range(1_000, 4_600, 30)));
    expect(a).not.toBe(lastKnownKey("default", ["recsys"], "query_range", range(1_000, 4_600)));
    expect(a).not.toBe(lastKnownKey("vm", null, "query_range", range(1_000, 4_600)));
    const instant = (time: string) => new URLSearchParams({ query: "count(up)", time });
    expect(lastKnownKey("default", null, "query", instant("100"))).toBe(lastKnownKey("default", null, "query", instant("160")));
    // Metadata, labels and rules have no "last known" stand-in.
    expect(lastKnownKey("default", null, "labels", new URLSearchParams())).toBeNull();
    expect(lastKnownKey("default", null, "alerts", new URLSearchParams())).toBeNull();
  });

  it("stands in only when the datasource cannot be reached, never for a bad query", () => {
    expect(unreachableReason({ status: 503, body: promErrorBody("unavailable", 'datasource "default" is unreachable: ECONNREFUSED') })).toBe('datasource "default" is unreachable: ECONNREFUSED');
    expect(unreachableReason({ status: 503, body: promErrorBody("timeout", "did not answer within 30000 ms") })).toBe("did not answer within 30000 ms");
    expect(unreachableReason({ status: 502, body: promErrorBody("bad_response", "answered HTTP 502 without Prometheus JSON") })).not.toBeNull();
    expect(unreachableReason({ status: 400, body: promErrorBody("bad_data", "parse error") })).toBeNull();
    expect(unreachableReason({ status: 422, body: promErrorBody("execution", "many-to-many matching") })).toBeNull();
    expect(unreachableReason({ status: 200, body: FIXTURE })).toBeNull();
  });

  it("is dated by its data's time, and served as success with a warning that says it is not live", () => {
    expect(dataTimeMs(range(1_000, 4_600), 9_999_999)).toBe(4_600_000);
    expect(dataTimeMs(new URLSearchParams({ query: "up" }), 5_000)).toBe(5_000);
    const asOfMs = Date.UTC(2026, 11, 2, 14, 32);
    const served = staleResult({ status: 200, body: FIXTURE, bytes: 10 }, { asOfMs, reason: "ECONNREFUSED" });
    expect(served.status).toBe(200);
    expect(served.raw).toBeUndefined();
    const body = served.body as { status: string; data: unknown; warnings: string[] };
    expect(body.data).toEqual(FIXTURE.data);
    expect(body.warnings).toEqual([`${STALE_WARNING}, as of 2026-12-02T14:32:00.000Z (ECONNREFUSED)`]);
    // The browser's side: the header dates it, the warning says why, and it is not "partial data".
    expect(readStale(String(asOfMs), [...body.warnings, "replica 2 failed"])).toEqual({ stale: { asOfMs, reason: "ECONNREFUSED" }, warnings: ["replica 2 failed"] });
    expect(readStale(null, ["replica 2 failed"])).toEqual({ stale: null, warnings: ["replica 2 failed"] });
  });
});
