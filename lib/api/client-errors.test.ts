import { describe, expect, it } from "vitest";
import { z } from "zod";
import { SilenceViewSchema } from "@/lib/silences/schema";
import { toView, type Row } from "@/lib/silences/repo-reads";
import { parseAnswer } from "./client-errors";

/** A silence row as Prisma returns it (the shape of the columns in prisma/schema.prisma). */
const row: Row = {
  id: "s-1",
  matchers: [{ name: "alertname", value: "GpuXidErrors", isRegex: false, isEqual: true }, { name: "team", value: "ml-research", isRegex: false, isEqual: true }],
  startsAt: new Date("2026-12-07T10:00:00Z"),
  endsAt: new Date("2026-12-07T12:00:00Z"),
  comment: "replacing the GPU",
  ticketUrl: null,
  origin: "console",
  createdBy: "Sam SRE",
  createdById: null,
  updatedBy: "Sam SRE",
  expiredBy: null,
  expiredAt: null,
  version: 1,
  replacedById: null,
  createdAt: new Date("2026-12-07T10:00:00Z"),
  updatedAt: new Date("2026-12-07T10:00:00Z"),
  syncs: [{ silenceId: "s-1", alertmanager: "http://am:9093", amId: "7f3c", pastIds: [], state: "synced", attempts: 1, lastError: null, lastAttemptAt: null, syncedAt: null }],
} as Row;

describe("the browser reads the console's answers with the schema it expects", () => {
  const One = z.object({ silence: SilenceViewSchema });

  it("reads what the server serialises (a silence as the API sends it)", () => {
    const sent = JSON.parse(JSON.stringify({ silence: toView(row, Date.parse("2026-12-07T11:00:00Z")) }));
    expect(parseAnswer(One, sent, "http://console/api/silences/s-1").silence).toMatchObject({ id: "s-1", state: "active", sync: [{ amId: "7f3c", state: "synced" }] });
  });

  it("refuses another shape, naming the path and the field, not a page that breaks later", () => {
    const sent = JSON.parse(JSON.stringify({ silence: { ...toView(row), state: "muted" } }));
    expect(() => parseAnswer(One, sent, "http://console/api/silences/s-1")).toThrow(/^\/api\/silences\/s-1: the console answered in a shape this page does not know \(silence\.state: /);
    expect(() => parseAnswer(One, null, "/api/silences")).toThrow(/^\/api\/silences: .*\(answer: /);
  });
});
