import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { SilenceView } from "@/lib/silences/schema";
import { gettableSilence, silenceMatchesFilters, sortSilences, type GettableSilence } from "./api-v2";

/** A real Alertmanager 0.25's answer to GET /api/v2/silences (the plan tests' fixture): the shape the console must serve. */
const AM = JSON.parse(readFileSync(path.join(import.meta.dirname, "../silences/fixtures/am-silences.json"), "utf8")) as GettableSilence[];
const H = 3_600_000;
const NOW = Date.parse("2026-12-04T23:00:00Z");
const m = (name: string, value: string, isRegex = false, isEqual = true) => ({ name, value, isRegex, isEqual });

function view(over: Partial<SilenceView> = {}): SilenceView {
  return {
    id: "cmsilencea0001",
    matchers: [m("alertname", "GpuXidErrors"), m("Hostname", "us-east-gpu-002")],
    startsAt: Date.parse("2026-12-04T22:56:03.386Z"),
    endsAt: Date.parse("2026-12-04T23:56:03.000Z"),
    comment: "XID storm",
    ticketUrl: null,
    origin: "console",
    state: "active",
    createdBy: "sre@demo.local",
    updatedBy: "sre@demo.local",
    expiredBy: null,
    expiredAt: null,
    version: 1,
    replacedById: null,
    createdAt: Date.parse("2026-12-04T22:56:03.386Z"),
    updatedAt: Date.parse("2026-12-04T22:56:03.386Z"),
    sync: [],
    ...over,
  };
}

describe("Alertmanager API v2 silences from the console's", () => {
  it("have Alertmanager's own shape: the fields it answers, its times, its matchers; the id and comment are the console's", () => {
    const served = gettableSilence(view(), NOW);
    const theirs = AM[0]!;
    expect(Object.keys(served).sort()).toEqual(Object.keys(theirs).sort());
    // Alertmanager's copy carries the console's mark in its comment; served as the console keeps it, without.
    expect(served).toEqual({ ...theirs, id: "cmsilencea0001", comment: "XID storm" });
  });

  it("end when expired early, as Alertmanager moves endsAt, and say expired or pending as it does", () => {
    const expired = gettableSilence(view({ expiredAt: NOW - 60_000 }), NOW);
    expect(expired).toMatchObject({ status: { state: "expired" }, endsAt: new Date(NOW - 60_000).toISOString() });
    expect(gettableSilence(view({ startsAt: NOW + H, endsAt: NOW + 2 * H }), NOW).status.state).toBe("pending");
  });

  it("are filtered as Alertmanager filters them: by a matcher the silence has, as written, not by evaluating it", () => {
    const matchers = [m("alertname", "GpuXidErrors"), m("Hostname", "us-east-gpu-00[1-4]", true)];
    expect(silenceMatchesFilters(matchers, [])).toBe(true);
    expect(silenceMatchesFilters(matchers, [m("alertname", "GpuXidErrors")])).toBe(true);
    expect(silenceMatchesFilters(matchers, [m("alertname", "GpuXidErrors"), m("Hostname", "us-east-gpu-00[1-4]", true)])).toBe(true);
    // The regex's text, not what it matches; and the operator counts.
    expect(silenceMatchesFilters(matchers, [m("Hostname", "us-east-gpu-002")])).toBe(false);
    expect(silenceMatchesFilters(matchers, [m("alertname", "GpuXidErrors", false, false)])).toBe(false);
    expect(silenceMatchesFilters(matchers, [m("team", "ml")])).toBe(false);
  });

  it("come in Alertmanager's order: active by soonest end, pending by soonest start, expired by latest end", () => {
    const at = (id: string, state: GettableSilence["status"]["state"], startsAt: number, endsAt: number) => ({ ...gettableSilence(view(), NOW), id, status: { state }, startsAt: new Date(startsAt).toISOString(), endsAt: new Date(endsAt).toISOString() });
    const sorted = sortSilences([
      at("expired-old", "expired", NOW - 5 * H, NOW - 4 * H),
      at("pending-late", "pending", NOW + 3 * H, NOW + 4 * H),
      at("active-late", "active", NOW - H, NOW + 5 * H),
      at("expired-new", "expired", NOW - 3 * H, NOW - H),
      at("pending-soon", "pending", NOW + H, NOW + 9 * H),
      at("active-soon", "active", NOW - H, NOW + H),
    ]);
    expect(sorted.map((s) => s.id)).toEqual(["active-soon", "active-late", "pending-soon", "pending-late", "expired-new", "expired-old"]);
  });
});
