import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { SilenceView } from "@/lib/silences/schema";
import { z } from "zod";
import { definedStatus, gettableSilence, GettableAlertSchema, mergeAlerts, scopeAlertGroups, scopeAmAlerts, silenceIdsOf, silenceMatchesFilters, sortSilences, type AlertGroup, type GettableSilence } from "./api-v2";

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

describe("alerts as Alertmanager answers them, for a caller scoped to teams", () => {
  /** A real Alertmanager 0.25's GET /api/v2/alerts. */
  const ALERTS = z.array(GettableAlertSchema).parse(JSON.parse(readFileSync(path.join(import.meta.dirname, "../alerting/fixtures/alertmanager-alerts.json"), "utf8")));
  const silenced = ALERTS.find((a) => a.status.silencedBy?.length)!;

  it("keeps every field Alertmanager sent (amtool and Grafana read them), and only the caller's teams' alerts", () => {
    const inference = scopeAmAlerts(ALERTS, ["inference"], "team", () => null);
    expect(inference.length).toBeGreaterThan(0);
    expect(inference.length).toBeLessThan(ALERTS.length);
    expect(inference.every((a) => a.labels.team === "inference")).toBe(true);
    const first = inference[0]!;
    expect(Object.keys(first).sort()).toEqual(Object.keys(ALERTS.find((a) => a.fingerprint === first.fingerprint)!).sort());
    expect(scopeAmAlerts(ALERTS, null, "team", () => null)).toEqual(ALERTS);
    expect(scopeAmAlerts(ALERTS, [], "team", () => null)).toEqual([]);
  });

  it("names the console's silence where Alertmanager names its copy, and leaves ids the console did not make", () => {
    const amId = silenced.status.silencedBy![0]!;
    expect(silenceIdsOf(ALERTS)).toContain(amId);
    const renamed = scopeAmAlerts([silenced], null, "team", (id) => (id === amId ? "cmconsole0001" : null));
    expect(renamed[0]!.status.silencedBy).toEqual(["cmconsole0001"]);
    expect(scopeAmAlerts([silenced], null, "team", () => null)[0]!.status.silencedBy).toEqual([amId]);
  });

  it("merges an HA pair's answers by fingerprint, and drops a group left with none of the caller's alerts", () => {
    expect(mergeAlerts([ALERTS, ALERTS.slice(0, 3)])).toEqual(ALERTS);
    const groups: AlertGroup[] = [
      { labels: { alertname: "A" }, receiver: { name: "platform-pager" }, alerts: ALERTS.filter((a) => a.labels.team === "platform").slice(0, 2) },
      { labels: { alertname: "B" }, receiver: { name: "inference" }, alerts: ALERTS.filter((a) => a.labels.team === "inference") },
    ];
    const scoped = scopeAlertGroups(groups, ["inference"], "team", () => null);
    expect(scoped.map((g) => g.labels.alertname)).toEqual(["B"]);
    expect(scoped[0]!.receiver).toEqual({ name: "inference" });
  });
});

describe("definedStatus", () => {
  it("answers a refusal in a status amtool's swagger client reads the message of", () => {
    // The team rule (403) on a create: Alertmanager's 400, so amtool prints why.
    expect(definedStatus("POST silences", 403)).toBe(400);
    expect(definedStatus("POST silences", 404)).toBe(404);
    // Expiring an expired silence: Alertmanager's own 500 "already expired".
    expect(definedStatus("DELETE silence", 409)).toBe(500);
    expect(definedStatus("DELETE silence", 404)).toBe(404);
    expect(definedStatus("GET silences", 503)).toBe(500);
    // An endpoint with no errors in the spec keeps the console's status.
    expect(definedStatus("GET status", 503)).toBe(503);
  });
});
