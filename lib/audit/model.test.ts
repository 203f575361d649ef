import { describe, expect, it } from "vitest";
import { auditFiltersFrom, changedKeys, REDACTED, REDACTED_CHANGED, redactPair } from "./model";

describe("redactPair", () => {
  it("never keeps a secret, and says when one changed", () => {
    // A receiver as routing stores it (sealed refs) and a user row.
    const before = { name: "ml-slack", kind: "slack", apiUrl: { stored: "v1:abc" }, channel: "#ml" };
    const after = { name: "ml-slack", kind: "slack", apiUrl: { stored: "v1:def" }, channel: "#ml-oncall" };
    const r = redactPair(before, after);
    expect(r.before).toEqual({ name: "ml-slack", kind: "slack", apiUrl: REDACTED, channel: "#ml" });
    expect(r.after).toEqual({ name: "ml-slack", kind: "slack", apiUrl: REDACTED_CHANGED, channel: "#ml-oncall" });
    expect(JSON.stringify(r)).not.toMatch(/v1:/);
  });

  it("finds secrets at any depth and under the names receivers and users use", () => {
    const r = redactPair(undefined, {
      receivers: [{ routingKey: { env: "ALERTING_SECRET_PD_KEY" }, url: { value: "https://hooks.example/T0/B0/xyz" }, apiKey: "k" }],
      user: { passwordHash: "$2a$12$x", email: "a@b" },
      token: "gfc_secret",
      smtp: { auth_password: "p" },
    });
    const text = JSON.stringify(r.after);
    for (const secret of ["ALERTING_SECRET_PD_KEY", "hooks.example", '"k"', "$2a$", "gfc_secret", '"p"']) expect(text).not.toContain(secret);
    expect(text).toContain("a@b");
  });

  it("keeps what is not a secret, including a silence's ticket URL and a runbook's text", () => {
    const silence = { comment: "disk swap", ticketUrl: "https://jira.example/OPS-1", matchers: [{ name: "team", value: "ml" }] };
    expect(redactPair(silence, silence)).toEqual({ before: silence, after: silence });
    // An unchanged secret is redacted without the "changed" mark; a new record has no "before" to compare.
    expect(redactPair({ apiKey: "a" }, { apiKey: "a" }).after).toEqual({ apiKey: REDACTED });
    expect(redactPair(null, { apiKey: "a" }).after).toEqual({ apiKey: REDACTED });
  });
});

describe("audit filters", () => {
  it("reads the browse page's URL, dropping what is empty or invalid instead of failing", () => {
    expect(auditFiltersFrom(new URLSearchParams("actor=sam&action=silence&targetType=silence&limit=50"))).toEqual({ actor: "sam", action: "silence", targetType: "silence", limit: 50 });
    expect(auditFiltersFrom(new URLSearchParams("targetType=nonsense&limit=100000&before=12x&from="))).toEqual({ limit: 100 });
  });

  it("lists the fields a change touched", () => {
    expect(changedKeys({ a: 1, b: [1], c: "x" }, { a: 1, b: [2], d: true })).toEqual(["b", "c", "d"]);
    expect(changedKeys(null, { a: 1 })).toEqual(["a"]);
  });
});
