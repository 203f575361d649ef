import { describe, expect, it } from "vitest";
import { re2Error, re2FullMatch } from "./re2";

describe("Alertmanager's regex dialect (RE2, anchored)", () => {
  it("accepts what Go accepts: case-insensitive flags and POSIX classes", () => {
    expect(re2Error("(?i)gpu.*")).toBeNull();
    expect(re2FullMatch("(?i)gputemperature.*", "GpuTemperatureHigh")).toBe(true);
    expect(re2FullMatch("[[:digit:]]+", "42")).toBe(true);
  });

  it("refuses what Go refuses, saying why: lookaheads, backreferences, unbalanced groups", () => {
    expect(re2Error("Gpu(?=Temp)")).toBe("invalid or unsupported Perl syntax: `(?=`");
    expect(re2Error("(a)\\1")).toBe("invalid escape sequence: `\\1`");
    expect(re2Error("Gpu(Hot")).toBe("missing closing ): `Gpu(Hot`");
    expect(re2FullMatch("Gpu(?=Temp)", "GpuTemp")).toBe(false);
  });

  it("anchors as Alertmanager does: the whole value, alternations included", () => {
    expect(re2FullMatch("gpu", "gpu-1")).toBe(false);
    expect(re2FullMatch("a|b", "ab")).toBe(false);
    expect(re2FullMatch("a|b", "b")).toBe(true);
  });
});
