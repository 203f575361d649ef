import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./redirect";

describe("safeCallbackPath", () => {
  it("keeps paths on this site, with their query", () => {
    expect(safeCallbackPath("/sre?from=now-6h&to=now")).toBe("/sre?from=now-6h&to=now");
    expect(safeCallbackPath(["/sre", "/other"])).toBe("/sre");
  });

  it("refuses anything that could leave the site", () => {
    for (const bad of ["https://evil.example/", "//evil.example", "/\\evil.example", "evil", "/\tx", undefined, ""]) {
      expect(safeCallbackPath(bad), String(bad)).toBeUndefined();
    }
  });
});
