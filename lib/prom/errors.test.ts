import { describe, expect, it } from "vitest";
import { PromError, retryQuery } from "./errors";

describe("retryQuery", () => {
  const prom = (type: string, status: number) => new PromError(type, "x", status, "default");

  it("never retries what will not change: refused, timed out, bad query, no permission", () => {
    for (const [type, status] of [["unavailable", 503], ["timeout", 503], ["bad_data", 400], ["forbidden", 403], ["unauthorized", 401], ["execution", 422]] as const) {
      expect(retryQuery(0, prom(type, status))).toBe(false);
    }
    expect(retryQuery(0, Object.assign(new Error("HTTP 404"), { status: 404 }))).toBe(false);
  });

  it("retries a blip once", () => {
    expect(retryQuery(0, prom("bad_response", 502))).toBe(true);
    expect(retryQuery(0, new TypeError("Failed to fetch"))).toBe(true);
    expect(retryQuery(1, new TypeError("Failed to fetch"))).toBe(false);
  });
});
