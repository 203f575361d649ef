import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { clip, cover, dayParts, DAY_SECONDS, gaps, gridFloor, join, splittable, type MatrixSeries } from "./split";
import { parseQuery } from "./query";

const D = 20_430 * DAY_SECONDS; // 2025-12-08T00:00:00Z

describe("dayParts: a range query's grid, a part per UTC day", () => {
  it("splits at midnight on the query's own grid, the parts adjoining and covering it exactly", () => {
    const parts = dayParts({ start: D - 3600, end: D + 2 * DAY_SECONDS + 600, step: 60 });
    expect(parts).toEqual([
      { day: 20_429, start: D - 3600, end: D - 60 },
      { day: 20_430, start: D, end: D + DAY_SECONDS - 60 },
      { day: 20_431, start: D + DAY_SECONDS, end: D + 2 * DAY_SECONDS - 60 },
      { day: 20_432, start: D + 2 * DAY_SECONDS, end: D + 2 * DAY_SECONDS + 600 },
    ]);
  });
  it("keeps a grid that does not meet midnight (a 7 s step): no point lost, none doubled", () => {
    const grid = { start: D - 70, end: D + 70, step: 7 };
    const parts = dayParts(grid);
    expect(parts).toHaveLength(2);
    expect(parts[0]!.end).toBe(D - 7);
    expect(parts[1]!.start).toBe(D);
    const points = (s: { start: number; end: number }) => Math.round((s.end - s.start) / 7) + 1;
    expect(points(parts[0]!) + points(parts[1]!)).toBe(points(grid));
  });
  it("leaves a range within one day whole", () => {
    expect(dayParts({ start: D + 60, end: D + 3600, step: 15 })).toEqual([{ day: 20_430, start: D + 60, end: D + 3600 }]);
  });
});

describe("gaps: what a day still needs from upstream", () => {
  it("nothing when kept covers it; the new edge when the window moved; both edges when it widened", () => {
    const kept = { start: D, end: D + 3600 };
    expect(gaps(kept, { start: D + 60, end: D + 3000 }, 60)).toEqual({ fetch: [], keep: true });
    expect(gaps(kept, { start: D + 60, end: D + 3660 }, 60)).toEqual({ fetch: [{ start: D + 3660, end: D + 3660 }], keep: true });
    expect(gaps(kept, { start: D - 120, end: D + 3720 }, 60)).toEqual({ fetch: [{ start: D - 120, end: D - 60 }, { start: D + 3660, end: D + 3720 }], keep: true });
  });
  it("all of it, the kept span dropped, when that is on another grid or apart from it", () => {
    expect(gaps({ start: D + 30, end: D + 3630 }, { start: D, end: D + 3600 }, 60)).toEqual({ fetch: [{ start: D, end: D + 3600 }], keep: false });
    expect(gaps({ start: D, end: D + 600 }, { start: D + 7200, end: D + 9000 }, 60)).toEqual({ fetch: [{ start: D + 7200, end: D + 9000 }], keep: false });
    expect(gaps(null, { start: D, end: D + 60 }, 60)).toEqual({ fetch: [{ start: D, end: D + 60 }], keep: false });
  });
});

describe("join and clip, on a captured Prometheus matrix", () => {
  const fixture = JSON.parse(readFileSync(path.join(import.meta.dirname, "../fixtures/query-range-gpu-util.json"), "utf8")) as { data: { result: MatrixSeries[] } };
  const whole = fixture.data.result;
  const times = whole[0]!.values.map(([t]) => t);
  const mid = times[Math.floor(times.length / 2)]!;
  const step = times[1]! - times[0]!;

  it("the halves of an answer, joined, are the answer (series in label order)", () => {
    const first = clip(whole, { start: times[0]!, end: mid - step });
    const second = clip(whole, { start: mid, end: times.at(-1)! });
    const byKey = (m: MatrixSeries[]) => Object.fromEntries(m.map((s) => [JSON.stringify(Object.entries(s.metric).sort()), s.values]));
    expect(byKey(join(first, second))).toEqual(byKey(whole));
    expect(join(first, second)).toHaveLength(whole.length);
  });
  it("clip leaves out a series with no sample in the span, as Prometheus does", () => {
    expect(clip(whole, { start: times.at(-1)! + step, end: times.at(-1)! + 10 * step })).toEqual([]);
  });
  it("cover and gridFloor keep to the grid", () => {
    expect(cover([{ start: D, end: D + 60 }, { start: D + 120, end: D + 600 }])).toEqual({ start: D, end: D + 600 });
    expect(gridFloor(D + 119.5, { start: D, step: 60 })).toBe(D + 60);
  });
});

describe("splittable", () => {
  it("splits any query but one reading its own range", () => {
    expect(splittable(parseQuery("sum by (cluster) (rate(DCGM_FI_PROF_PIPE_TENSOR_ACTIVE[5m]))"))).toBe(true);
    expect(splittable(parseQuery("max_over_time(DCGM_FI_DEV_GPU_TEMP[1h:1m]) @ 1750000000"))).toBe(true);
    expect(splittable(parseQuery("DCGM_FI_DEV_GPU_TEMP @ start()"))).toBe(false);
    expect(splittable(parseQuery("rate(x[5m] @ end())"))).toBe(false);
  });
});

describe("join of overlapping parts", () => {
  it("keeps the first answer where two parts share a timestamp, in time order", () => {
    const a = [{ metric: { gpu: "0" }, values: [[10, "1"], [20, "2"]] as [number, string][] }];
    const b = [{ metric: { gpu: "0" }, values: [[20, "9"], [30, "3"]] as [number, string][] }, { metric: { gpu: "1" }, values: [[30, "7"]] as [number, string][] }];
    expect(join(a, b)).toEqual([
      { metric: { gpu: "0" }, values: [[10, "1"], [20, "2"], [30, "3"]] },
      { metric: { gpu: "1" }, values: [[30, "7"]] },
    ]);
  });
});
