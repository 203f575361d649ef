import { describe, expect, it } from "vitest";
import { mergeParams } from "./handler";

describe("mergeParams", () => {
  it("merges URL and body parameters", () => {
    const merged = mergeParams(new URLSearchParams("start=1&end=2"), new URLSearchParams("query=up&step=15"));
    expect(merged).toBeInstanceOf(URLSearchParams);
    expect(Object.fromEntries(merged as URLSearchParams)).toEqual({ start: "1", end: "2", query: "up", step: "15" });
  });

  it("names a parameter given in both places (ambiguous)", () => {
    expect(mergeParams(new URLSearchParams("query=up"), new URLSearchParams("query=down"))).toBe("query");
  });
});
