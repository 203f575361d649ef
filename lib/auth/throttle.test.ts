import { describe, expect, it } from "vitest";
import { clientAddress, MAX_WAIT_MS, throttledCode, throttledMessage, waitAfter } from "./throttle";

describe("sign-in throttling", () => {
  it("lets the first attempts through, then waits, doubling, up to 15 minutes", () => {
    expect([1, 4].map((n) => waitAfter("pair", n))).toEqual([0, 0]);
    expect([5, 6, 7].map((n) => waitAfter("pair", n))).toEqual([30_000, 60_000, 120_000]);
    expect(waitAfter("pair", 40)).toBe(MAX_WAIT_MS);
    expect(waitAfter("address", 29)).toBe(0);
    expect(waitAfter("account", 50)).toBe(60_000);
  });

  it("says how long to wait, the same words for every account", () => {
    expect(throttledMessage(throttledCode(30_000))).toBe("Too many failed sign-ins: wait 30 seconds before trying again.");
    expect(throttledMessage(throttledCode(15 * 60_000))).toBe("Too many failed sign-ins: wait 15 minutes before trying again.");
    expect(throttledMessage("CredentialsSignin")).toBeNull();
  });

  it("takes the address a trusted proxy saw", () => {
    expect(clientAddress("203.0.113.9")).toBe("203.0.113.9");
    expect(clientAddress("198.51.100.1, 203.0.113.9", 1)).toBe("198.51.100.1");
    expect(clientAddress("forged, 198.51.100.1, 10.0.0.2", 1)).toBe("198.51.100.1");
    expect(clientAddress(undefined)).toBe("unknown");
  });
});
