import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SilenceSchema } from "@/lib/alerting/silences";
import { indexListing, mergePastIds, planSilence, planStrays, type DesiredSilence } from "./plan";

// A real Alertmanager 0.25's GET /api/v2/silences: two copies of console silence cmsilencea0001
// (two writers raced), one made with amtool, and an expired copy of cmsilenceb0002.
const LISTED = SilenceSchema.array().parse(JSON.parse(readFileSync(path.join(import.meta.dirname, "fixtures/am-silences.json"), "utf8")));
const [FIRST, SECOND, AMTOOL, EXPIRED] = LISTED;
const listing = indexListing(LISTED);
const NOW = Date.parse(FIRST!.startsAt) + 60_000;

const xid: DesiredSilence = {
  id: "cmsilencea0001",
  matchers: FIRST!.matchers,
  startsAt: Date.parse(FIRST!.startsAt),
  endsAt: Date.parse(FIRST!.endsAt),
  comment: "XID storm",
  origin: "console",
  expiredAt: null,
  createdBy: "sre@demo.local",
  updatedBy: "sre@demo.local",
  copy: { amId: SECOND!.id, pastIds: [], state: "synced" },
  allIds: [SECOND!.id],
};

describe("planSilence on a captured Alertmanager answer", () => {
  it("keeps the recorded copy and expires the other copy naming the same silence", () => {
    const plan = planSilence(xid, listing, NOW);
    expect(plan).toEqual({ silenceId: xid.id, steps: [{ kind: "expire", amId: FIRST!.id, why: "duplicate" }], outcome: "unchanged", record: { amId: SECOND!.id, pastIds: [FIRST!.id] }, duplicates: 1 });
  });

  it("adopts a copy whose write was never recorded (no id on the row): found by the mark, nothing created", () => {
    const plan = planSilence({ ...xid, copy: { amId: null, pastIds: [], state: "pending" }, allIds: [] }, indexListing([FIRST!]), NOW);
    expect(plan).toMatchObject({ steps: [], outcome: "unchanged", record: { amId: FIRST!.id, pastIds: [] } });
  });

  it("expired in Postgres: every live copy is expired, recorded or not", () => {
    const plan = planSilence({ ...xid, expiredAt: NOW - 1_000 }, listing, NOW);
    // The recorded id first, then the copies found by their mark.
    expect(plan.steps).toEqual([
      { kind: "expire", amId: SECOND!.id, why: "expired" },
      { kind: "expire", amId: FIRST!.id, why: "expired" },
    ]);
    expect(plan.outcome).toBe("expired");
  });

  it("a new end: the kept copy is updated in place, under its id", () => {
    const plan = planSilence({ ...xid, endsAt: xid.endsAt + 3_600_000 }, indexListing([SECOND!]), NOW);
    expect(plan.steps).toEqual([{ kind: "post", payload: expect.objectContaining({ id: SECOND!.id, endsAt: xid.endsAt + 3_600_000, comment: "XID storm [console silence cmsilencea0001]" }) }]);
    expect(plan).toMatchObject({ outcome: "updated", record: { amId: "posted", pastIds: [SECOND!.id] } });
  });

  it("lost (an Alertmanager without its state): recreated from now, marked", () => {
    const plan = planSilence(xid, indexListing([]), NOW);
    expect(plan).toMatchObject({ outcome: "recreated", steps: [{ kind: "post", payload: { startsAt: NOW, comment: "XID storm [console silence cmsilencea0001]" } }] });
    expect(planSilence({ ...xid, copy: { amId: null, pastIds: [], state: "pending" }, allIds: [] }, indexListing([]), NOW).outcome).toBe("created");
  });

  it("expired with amtool before its end, nothing pending: the silence is expired in Postgres, not recreated", () => {
    const reboot: DesiredSilence = { ...xid, id: "cmsilenceb0002", matchers: EXPIRED!.matchers, comment: "reboot", endsAt: Date.parse(EXPIRED!.endsAt) + 3_600_000, copy: { amId: EXPIRED!.id, pastIds: [], state: "synced" }, allIds: [EXPIRED!.id] };
    expect(planSilence(reboot, listing, NOW)).toMatchObject({ outcome: "expiredInAlertmanager", steps: [{ kind: "expiredInAlertmanager", amId: EXPIRED!.id, atMs: Date.parse(EXPIRED!.endsAt) }] });
  });
});

describe("planStrays", () => {
  it("imports what amtool made; leaves a marked copy to its owner's check; skips recorded and expired ones", () => {
    const strays = planStrays(LISTED, new Set([SECOND!.id]), new Set(["cmsilencea0001"]));
    expect(strays.imports.map((a) => a.id)).toEqual([AMTOOL!.id]);
    expect(strays.owned).toEqual([]);
    const elsewhere = planStrays(LISTED, new Set(), new Set());
    expect(elsewhere.owned.map((o) => [o.copy.id, o.owner])).toEqual([
      [FIRST!.id, "cmsilencea0001"],
      [SECOND!.id, "cmsilencea0001"],
    ]);
  });

  it("keeps every id a copy row ever had as its past", () => {
    expect(mergePastIds({ amId: "a", pastIds: ["x"] }, "b", ["c"])).toEqual(["x", "c", "a"]);
    expect(mergePastIds({ amId: "a", pastIds: ["b"] }, "b", [])).toEqual(["a"]);
  });
});
