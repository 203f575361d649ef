import { describe, expect, it } from "vitest";
import { pointCount } from "../step";
import { ParamError, parseDurationParam, parseTimeParam, rangeParams } from "./params";

const p = (o: Record<string, string>) => new URLSearchParams(o);

describe("parseTimeParam / parseDurationParam", () => {
  it("reads unix seconds and RFC 3339", () => {
    expect(parseTimeParam("start", "1700000000.5")).toBe(1700000000.5);
    expect(parseTimeParam("start", "2026-11-23T10:00:00Z")).toBe(Date.UTC(2026, 10, 23, 10) / 1000);
    expect(() => parseTimeParam("start", "yesterday")).toThrow('invalid parameter "start": cannot parse "yesterday" to a valid timestamp');
  });

  it("reads float seconds and Prometheus durations", () => {
    expect(parseDurationParam("step", "15")).toBe(15);
    expect(parseDurationParam("step", "1m30s")).toBe(90);
    expect(parseDurationParam("step", "500ms")).toBe(0.5);
    expect(() => parseDurationParam("step", "5 minutes")).toThrow(ParamError);
  });
});

describe("rangeParams", () => {
  it("refuses end before start, a non-positive step and more than 11,000 points, as Prometheus does", () => {
    expect(() => rangeParams(p({ start: "100", end: "50", step: "15" }), 15)).toThrow("end timestamp must not be before start time");
    expect(() => rangeParams(p({ start: "0", end: "60", step: "0" }), 15)).toThrow(/zero or negative query resolution/);
    expect(() => rangeParams(p({ start: "0", end: "86400", step: "1" }), 15)).toThrow(/exceeded maximum resolution of 11,000 points/);
    expect(() => rangeParams(p({ start: "0", end: "60" }), 15)).toThrow('missing parameter "step"');
  });

  it("passes an explicit step through unchanged", () => {
    expect(rangeParams(p({ start: "7", end: "3607", step: "14" }), 15)).toEqual({ start: 7, end: 3607, step: 14 });
  });

  it("with maxDataPoints: a clean step, aligned ends, never below the scrape interval", () => {
    expect(rangeParams(p({ start: "1000", end: "4600", maxDataPoints: "600" }), 15)).toEqual({ start: 990, end: 4590, step: 15 });
    expect(rangeParams(p({ start: "0", end: "86400", maxDataPoints: "1000" }), 15).step).toBe(120);
    expect(rangeParams(p({ start: "0", end: "3600", maxDataPoints: "100", step: "60" }), 15).step).toBe(60);
    expect(() => rangeParams(p({ start: "0", end: "60", maxDataPoints: "wide" }), 15)).toThrow(/maxDataPoints/);
  });

  it("over ranges from 5 minutes to 400 days and widths from 200 to 3,840 px: points ≤ width, never an 11,000-points error", () => {
    const now = 1_795_000_000;
    const ranges = [300, 900, 3600, 6 * 3600, 86400, 7 * 86400, 30 * 86400, 90 * 86400, 400 * 86400];
    for (const range of ranges) {
      for (const width of [200, 320, 640, 1024, 1280, 1920, 2560, 3840]) {
        const r = rangeParams(p({ start: String(now - range), end: String(now), maxDataPoints: String(width) }), 15);
        const points = pointCount(r.start, r.end, r.step);
        expect(points, `${range}s @ ${width}px`).toBeLessThanOrEqual(width);
        expect(points).toBeLessThanOrEqual(11_000);
        expect(r.start % r.step).toBe(0);
      }
    }
  });
});
