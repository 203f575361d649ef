import { describe, expect, it } from "vitest";
import { occurrencesToCancel, upcomingByWindow } from "./model";
import { occurrences, type Schedule } from "./schedule";

const utc = (s: string) => Date.parse(`${s}Z`);
const NOW = utc("2026-12-02T13:00");
const WEEK = 7 * 86_400_000;
const windowOf = (id: string, schedule: Schedule) => ({ id, upcoming: occurrences(schedule, NOW, NOW + WEEK) });

describe("the alerts page's maintenance summary", () => {
  const nightly = windowOf("nightly", { kind: "cron", cron: "30 3 * * *", durationMinutes: 45, timeZone: "UTC" });
  const weekly = windowOf("weekly", { kind: "weekly", days: ["sat"], at: "02:00", durationMinutes: 240, timeZone: "Europe/Berlin" });
  const onNow = windowOf("now", { kind: "once", startsAt: utc("2026-12-02T12:30"), endsAt: utc("2026-12-02T14:00") });
  const over = { id: "over", upcoming: [{ startsAt: utc("2026-12-02T10:00"), endsAt: utc("2026-12-02T11:00") }] };

  it("is one row per window: a nightly window is one line with the rest counted, not seven lines", () => {
    const rows = upcomingByWindow([nightly, weekly], NOW);
    expect(rows.map((r) => [r.window.id, new Date(r.next.startsAt).toISOString().slice(0, 16), r.more, r.onNow])).toEqual([
      ["nightly", "2026-12-03T03:30", 6, false],
      ["weekly", "2026-12-05T01:00", 0, false],
    ]);
  });

  it("puts what is on now first, and leaves out windows with nothing left to come", () => {
    const rows = upcomingByWindow([nightly, over, weekly, onNow], NOW);
    expect(rows.map((r) => [r.window.id, r.onNow])).toEqual([
      ["now", true],
      ["nightly", false],
      ["weekly", false],
    ]);
    expect(upcomingByWindow([over], NOW)).toEqual([]);
  });
});

describe("editing a window", () => {
  it("cancels only the occurrences not yet begun", () => {
    const list = [{ startsAt: NOW - 60_000 }, { startsAt: NOW }, { startsAt: NOW + 60_000 }];
    expect(occurrencesToCancel(list, NOW)).toEqual([{ startsAt: NOW + 60_000 }]);
  });
});
