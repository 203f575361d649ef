import { describe, expect, it } from "vitest";
import { oldestStale, staleStamp } from "./stale";

describe("the stamp on a last known answer", () => {
  const at = Date.UTC(2026, 11, 2, 14, 32);
  const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
  it("says when the data is from and how long ago", () => {
    expect(staleStamp(at, at + 6 * 60_000 + 59_000, hhmm)).toBe("as of 14:32, 6 min ago");
    expect(staleStamp(at, at + 20_000, hhmm)).toBe("as of 14:32, under a minute ago");
    expect(staleStamp(at, at + 185 * 60_000, hhmm)).toBe("as of 14:32, 3 h 5 min ago");
  });
  it("a panel is as old as its oldest answer", () => {
    expect(oldestStale([null, { asOfMs: 5, reason: "b" }, { asOfMs: 3, reason: "a" }, undefined])).toEqual({ asOfMs: 3, reason: "a" });
    expect(oldestStale([null, undefined])).toBeNull();
  });
});
