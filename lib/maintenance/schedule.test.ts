import { describe, expect, it } from "vitest";
import { cronError, cronOf, describeSchedule, occurrences, ScheduleSchema, type Schedule } from "./schedule";

const utc = (s: string) => Date.parse(`${s}Z`);
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16);

describe("maintenance schedules", () => {
  const weekly: Schedule = { kind: "weekly", days: ["sat"], at: "02:00", durationMinutes: 240, timeZone: "Europe/Berlin" };

  it("a weekly window is a cron expression in its zone, and keeps its wall time across daylight saving", () => {
    expect(cronOf(weekly)).toBe("0 2 * * 6");
    // Berlin: CEST (UTC+2) until 25 Oct 2026, then CET (UTC+1).
    const list = occurrences(weekly, utc("2026-10-15T00:00"), utc("2026-11-05T00:00"));
    expect(list.map((o) => iso(o.startsAt))).toEqual(["2026-10-17T00:00", "2026-10-24T00:00", "2026-10-31T01:00"]);
    expect(list.every((o) => o.endsAt - o.startsAt === 4 * 3_600_000)).toBe(true);
  });

  it("includes the occurrence in progress, stops at the recurrence's end and at the cap", () => {
    const during = utc("2026-10-17T01:30"); // 03:30 in Berlin, inside 02:00–06:00
    expect(occurrences(weekly, during, during + 3_600_000).map((o) => iso(o.startsAt))).toEqual(["2026-10-17T00:00"]);
    expect(occurrences(weekly, utc("2026-10-15T00:00"), utc("2026-12-01T00:00"), { untilMs: utc("2026-10-25T00:00") })).toHaveLength(2);
    const daily: Schedule = { kind: "cron", cron: "*/5 * * * *", durationMinutes: 1, timeZone: "UTC" };
    expect(occurrences(daily, utc("2026-10-01T00:00"), utc("2026-10-02T00:00"), { max: 10 })).toHaveLength(10);
  });

  it("a one-off window is its own single occurrence, when it overlaps", () => {
    const once: Schedule = { kind: "once", startsAt: utc("2026-12-02T10:00"), endsAt: utc("2026-12-02T12:00") };
    expect(occurrences(once, utc("2026-12-02T11:00"), utc("2026-12-03T00:00"))).toEqual([{ startsAt: once.startsAt, endsAt: once.endsAt }]);
    expect(occurrences(once, utc("2026-12-02T12:00"), utc("2026-12-03T00:00"))).toEqual([]);
  });

  it("cron with a first day of the month, described for people", () => {
    const monthly: Schedule = { kind: "cron", cron: "30 3 1 * *", durationMinutes: 90, timeZone: "UTC" };
    expect(occurrences(monthly, utc("2026-10-02T00:00"), utc("2027-01-02T00:00")).map((o) => iso(o.startsAt))).toEqual(["2026-11-01T03:30", "2026-12-01T03:30", "2027-01-01T03:30"]);
    expect(describeSchedule(monthly)).toBe('cron "30 3 1 * *" for 1 h 30 min (UTC)');
    expect(describeSchedule(weekly)).toBe("Sat at 02:00 for 4 h (Europe/Berlin)");
    expect(describeSchedule({ ...weekly, days: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"], durationMinutes: 30 })).toBe("every day at 02:00 for 30 min (Europe/Berlin)");
  });

  it("bad schedules name the field", () => {
    const issues = (value: unknown) => ScheduleSchema.safeParse(value).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(issues({ kind: "weekly", days: [], at: "25:00", durationMinutes: 0, timeZone: "Mars/Olympus" })).toEqual([
      "days: at least one day",
      "at: a time of day, HH:MM",
      "durationMinutes: at least a minute",
      "timeZone: an IANA time zone such as UTC or Europe/Berlin",
    ]);
    expect(issues({ kind: "cron", cron: "0 2 * *", durationMinutes: 60, timeZone: "UTC" })).toEqual(["cron: five fields (minute hour day-of-month month day-of-week), not 4"]);
    expect(issues({ kind: "cron", cron: "0 25 * * *", durationMinutes: 60, timeZone: "UTC" })?.[0]).toMatch(/^cron: /);
    expect(issues({ kind: "once", startsAt: 2_000, endsAt: 1_000 })).toEqual(["endsAt: after startsAt"]);
    expect(issues({ kind: "daily" })?.[0]).toMatch(/^kind: /);
    expect(cronError("0 2 * * 6")).toBeNull();
  });
});
