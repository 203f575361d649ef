import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, crossSiteRefusal, ownOrigins, servedOverHttps } from "./headers";

describe("Content-Security-Policy", () => {
  it("allows scripts only with the nonce, never inline, and no framing", () => {
    const csp = contentSecurityPolicy("abc123");
    expect(csp).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(contentSecurityPolicy("n", true)).toContain("'unsafe-eval'");
  });
});

describe("the origin check", () => {
  const own = ownOrigins("console.example:3000", "https://console.example");
  const ask = (method: string, origin: string | null, secFetchSite: string | null = null) => crossSiteRefusal({ method, origin, secFetchSite, ownOrigins: own });

  it("lets reads through from anywhere", () => {
    expect(ask("GET", "https://evil.example")).toBeNull();
  });

  it("lets the console's own pages write", () => {
    expect(ask("POST", "http://console.example:3000")).toBeNull();
    expect(ask("DELETE", "https://console.example")).toBeNull();
    expect(ask("PUT", null, "same-origin")).toBeNull();
  });

  it("refuses writes from other sites, a sandboxed frame (Origin: null) or a cross-site fetch without Origin", () => {
    expect(ask("POST", "https://evil.example")).toMatch(/Origin https:\/\/evil.example is not this console/);
    expect(ask("POST", "http://console.example:3000.evil.example")).not.toBeNull();
    expect(ask("PUT", "null")).not.toBeNull();
    expect(ask("DELETE", null, "cross-site")).toMatch(/cross-site/);
    expect(ask("POST", null, "same-site")).not.toBeNull();
  });

  it("lets clients that are not browsers through (they authenticate with tokens)", () => {
    expect(ask("POST", null, null)).toBeNull();
  });
});

describe("HSTS", () => {
  it("only when the answer goes out over https, directly or behind a TLS terminator", () => {
    expect(servedOverHttps("https:", null)).toBe(true);
    expect(servedOverHttps("http:", "https")).toBe(true);
    expect(servedOverHttps("http:", "HTTPS, http")).toBe(true);
    expect(servedOverHttps("http:", "http")).toBe(false);
    expect(servedOverHttps("http:", null)).toBe(false);
  });
});
