import { describe, expect, it } from "vitest";
import { parseTime, resolveRange, TimeRangeError } from "./time-range";

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
const NOW_S = NOW / 1000;

describe("parseTime", () => {
  it.each([
    ["now", NOW_S],
    ["now-15m", NOW_S - 900],
    ["now-6h", NOW_S - 21600],
    ["now-7d", NOW_S - 604800],
    ["now-2w", NOW_S - 1209600],
    ["now-30s", NOW_S - 30],
  ])("%s", (text, expected) => {
    expect(parseTime(text, NOW)).toBe(expected);
  });

  it("reads epoch milliseconds (Grafana's absolute form)", () => {
    expect(parseTime("1795420800000", NOW)).toBe(1795420800);
  });

  it("refuses what it cannot read, saying what it accepts", () => {
    expect(() => parseTime("yesterday", NOW)).toThrow(TimeRangeError);
    expect(() => parseTime("now-5y", NOW)).toThrow(/now-<n><s\|m\|h\|d\|w>/);
  });
});

describe("resolveRange", () => {
  it("resolves both ends against the same now", () => {
    expect(resolveRange("now-1h", "now", NOW)).toEqual({ startSeconds: NOW_S - 3600, endSeconds: NOW_S });
  });

  it("refuses a range that ends before it starts", () => {
    expect(() => resolveRange("now", "now-1h", NOW)).toThrow(/must be before/);
  });
});
