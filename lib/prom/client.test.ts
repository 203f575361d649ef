import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { queryRange } from "./client";
import { PromError } from "./errors";

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, "fixtures", name), "utf8");

function answer(body: string, status: number) {
  return vi.fn(async () => new Response(body, { status, headers: { "content-type": "application/json" } }));
}

const Q = { datasource: "default", expr: "DCGM_FI_DEV_GPU_UTIL", start: 0, end: 300, stepSeconds: 15 };

describe("queryRange", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("posts the query to the console's proxy and returns the matrix", async () => {
    const fetchMock = answer(fixture("query-range-gpu-util.json"), 200);
    vi.stubGlobal("fetch", fetchMock);
    const matrix = await queryRange(Q);
    expect(matrix.resultType).toBe("matrix");
    expect(matrix.result).toHaveLength(2);
    expect(matrix.result[0]?.metric.__name__).toBe("DCGM_FI_DEV_GPU_UTIL");
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe("/api/prom/default/api/v1/query_range");
    expect(init.method).toBe("POST");
    expect(String(init.body)).toBe("query=DCGM_FI_DEV_GPU_UTIL&start=0&end=300&step=15");
  });

  it("throws PromError with Prometheus' errorType and message", async () => {
    const [body, status] = fixture("error-bad-data.txt").trim().split("\n");
    vi.stubGlobal("fetch", answer(body ?? "", Number(status)));
    const error = await queryRange(Q).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PromError);
    expect(error).toMatchObject({ errorType: "bad_data", status: 400, datasource: "default" });
    expect((error as PromError).message).toContain("expected type range vector");
  });

  it("refuses a success whose data is not a matrix", async () => {
    vi.stubGlobal("fetch", answer(fixture("query-vector-by-model.json"), 200));
    await expect(queryRange(Q)).rejects.toMatchObject({ errorType: "bad_response" });
  });

  it("turns a non-JSON answer into bad_response", async () => {
    vi.stubGlobal("fetch", answer("<html>502 Bad Gateway</html>", 502));
    await expect(queryRange(Q)).rejects.toMatchObject({ errorType: "bad_response", status: 502 });
  });
});

describe("serverTimingMs", () => {
  it("reads one metric of a Server-Timing header", async () => {
    const { serverTimingMs } = await import("./client");
    expect(serverTimingMs("console;dur=12.5")).toBe(12.5);
    expect(serverTimingMs("upstream;dur=3, total;dur=9.25", "total")).toBe(9.25);
    expect(serverTimingMs("upstream;dur=3", "total")).toBeNull();
    expect(serverTimingMs(null)).toBeNull();
  });
});

