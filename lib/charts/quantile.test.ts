import { describe, expect, it } from "vitest";
import { formatQuantile, topFiniteBucket } from "./quantile";

describe("honest quantiles", () => {
  it("finds the top finite bucket of the le values Prometheus lists (captured from the simulator's latency histogram)", () => {
    expect(topFiniteBucket(["+Inf", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "10", "2.5", "5"])).toBe(10);
    expect(topFiniteBucket(["+Inf"])).toBeNull();
  });

  it("says a quantile at the top finite bound is at least that, and any other as it is", () => {
    expect(formatQuantile(1, "seconds", 1)).toBe("≥ 1 s");
    expect(formatQuantile(0.42, "seconds", 1)).toBe(formatQuantile(0.42, "seconds", null));
    expect(formatQuantile(0.42, "seconds", 1)).not.toContain("≥");
    expect(formatQuantile(null, "seconds", 1)).toBe(formatQuantile(null, "seconds", null));
  });
});
