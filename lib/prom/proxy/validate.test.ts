import { describe, expect, it } from "vitest";
import { findParseFault } from "./validate";

describe("findParseFault", () => {
  it("accepts valid PromQL", () => {
    for (const expr of [
      "DCGM_FI_DEV_GPU_UTIL",
      'avg by (Hostname) (DCGM_FI_DEV_GPU_UTIL{modelName=~"NVIDIA H100.*"})',
      "histogram_quantile(0.99, sum by (le) (rate(ml_inference_latency_seconds_bucket[5m])))",
      "predict_linear(DCGM_FI_DEV_FB_USED[1h], 86400) > 80000",
    ]) {
      expect(findParseFault(expr), expr).toBeNull();
    }
  });

  it("says where an unclosed call is wrong", () => {
    const fault = findParseFault("sum(rate(DCGM_FI_DEV_GPU_UTIL[5m]) by (gpu)");
    expect(fault).not.toBeNull();
    expect(fault?.line).toBe(1);
    expect(fault?.message).toMatch(/^parse error at line 1, char \d+/);
  });

  it("points at the stray token", () => {
    const fault = findParseFault("DCGM_FI_DEV_GPU_UTIL bogus");
    expect(fault).toMatchObject({ offset: 21, line: 1, column: 22 });
    expect(fault?.message).toContain('unexpected "bogus"');
  });

  it("reports an unclosed matcher at the end of input", () => {
    expect(findParseFault("up{")?.message).toMatch(/char 4: unexpected end of input/);
  });

  it("counts lines in multi-line queries", () => {
    const fault = findParseFault("sum(\n  up\n) )");
    expect(fault?.line).toBe(3);
  });

  it("refuses an empty query", () => {
    expect(findParseFault("   ")?.message).toBe("empty query");
  });
});
