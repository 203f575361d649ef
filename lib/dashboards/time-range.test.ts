import { describe, expect, it } from "vitest";
import { formatTime, panelRange, parseTime, parseTimeInput, resolveRange, timeInputText, TimeRangeError } from "./time-range";

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

describe("the absolute picker's input", () => {
  it("keeps relative times and reads dates in UTC", () => {
    expect(parseTimeInput(" now-6h ", "utc", NOW)).toBe("now-6h");
    expect(parseTimeInput("2026-11-23 10:30", "utc", NOW)).toBe(String(Date.UTC(2026, 10, 23, 10, 30)));
    expect(parseTimeInput("2026-11-23", "utc", NOW)).toBe(String(Date.UTC(2026, 10, 23)));
    expect(formatTime(Date.UTC(2026, 10, 23, 10, 30, 5), "utc")).toBe("2026-11-23 10:30:05");
    expect(timeInputText(String(Date.UTC(2026, 10, 23, 10, 30)), "utc")).toBe("2026-11-23 10:30:00");
    expect(timeInputText("now-1h", "utc")).toBe("now-1h");
  });

  it("reads and writes the browser's zone symmetrically", () => {
    const ms = Number(parseTimeInput("2026-07-01 08:15:00", "browser", NOW));
    expect(formatTime(ms, "browser")).toBe("2026-07-01 08:15:00");
    expect(new Date(ms).getHours()).toBe(8);
  });

  it("says what it cannot read", () => {
    expect(() => parseTimeInput("yesterday", "utc", NOW)).toThrow(/YYYY-MM-DD/);
    expect(() => parseTimeInput("2026-02-30 10:00", "utc", NOW)).toThrow(/not a date and time that exists/);
    expect(() => parseTimeInput("now-5x", "utc", NOW)).toThrow(TimeRangeError);
  });
});

describe("panelRange", () => {
  it("keeps the dashboard's window, or overrides its start and keeps its end", () => {
    const range = { startSeconds: NOW_S - 3600, endSeconds: NOW_S };
    expect(panelRange(range, undefined)).toBe(range);
    expect(panelRange(range, "30d")).toEqual({ startSeconds: NOW_S - 30 * 86400, endSeconds: NOW_S });
  });
});
