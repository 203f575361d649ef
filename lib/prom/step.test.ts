import { describe, expect, it } from "vitest";
import { alignInstant, alignRange, MAX_POINTS, pointCount, stepFor } from "./step";

describe("stepFor", () => {
  it("never gives more points than the panel has pixels", () => {
    for (const rangeSeconds of [300, 3600, 6 * 3600, 86400, 7 * 86400, 30 * 86400]) {
      for (const width of [120, 400, 641, 1280, 2560]) {
        const step = stepFor({ startSeconds: 0, endSeconds: rangeSeconds, maxDataPoints: width, minStepSeconds: 1 });
        const { start, end } = alignRange(1_700_000_123, 1_700_000_123 + rangeSeconds, step);
        expect(pointCount(start, end, step)).toBeLessThanOrEqual(width);
      }
    }
  });

  it("caps the points at Prometheus' 11,000 even for a very wide panel", () => {
    const step = stepFor({ startSeconds: 0, endSeconds: 30 * 86400, maxDataPoints: 1_000_000, minStepSeconds: 1 });
    expect((30 * 86400) / step).toBeLessThanOrEqual(MAX_POINTS);
  });

  it("does not go below the scrape interval", () => {
    expect(stepFor({ startSeconds: 0, endSeconds: 300, maxDataPoints: 1000, minStepSeconds: 15 })).toBe(15);
  });

  it("picks nice steps: one hour over 600 px is 10 s", () => {
    expect(stepFor({ startSeconds: 0, endSeconds: 3600, maxDataPoints: 600, minStepSeconds: 1 })).toBe(10);
    expect(stepFor({ startSeconds: 0, endSeconds: 3600, maxDataPoints: 500, minStepSeconds: 1 })).toBe(10);
    expect(stepFor({ startSeconds: 0, endSeconds: 3600, maxDataPoints: 300, minStepSeconds: 1 })).toBe(15);
  });

  it("uses whole days past the largest nice step", () => {
    expect(stepFor({ startSeconds: 0, endSeconds: 396 * 86400, maxDataPoints: 100, minStepSeconds: 1 })).toBe(4 * 86400);
    expect(stepFor({ startSeconds: 0, endSeconds: 401 * 86400, maxDataPoints: 100, minStepSeconds: 1 })).toBe(5 * 86400);
  });
});

describe("alignRange", () => {
  it("floors both ends to the step so the same view repeats the same query", () => {
    expect(alignRange(1003, 4607, 15)).toEqual({ start: 990, end: 4605 });
    const a = alignRange(1_700_000_001, 1_700_003_601, 60);
    const b = alignRange(1_700_000_030, 1_700_003_630, 60);
    expect(a).toEqual(b);
  });
});

describe("alignInstant", () => {
  it("gives every moment of one scrape interval the same time, and the next interval the next", () => {
    expect(alignInstant(1_700_000_100, 15)).toBe(1_700_000_100);
    expect(alignInstant(1_700_000_114.9, 15)).toBe(1_700_000_100);
    expect(alignInstant(1_700_000_115, 15)).toBe(1_700_000_115);
    expect(alignInstant(1_700_000_159, 60)).toBe(1_700_000_100);
    expect(alignInstant(1_700_000_160, 60)).toBe(1_700_000_160);
  });
});
