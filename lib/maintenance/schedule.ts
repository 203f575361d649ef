import { CronExpressionParser } from "cron-parser";
import { z } from "zod";

/**
 * When a maintenance window is on: once (a start and an end), every week (days, a start
 * time and a length, in a time zone), or a cron expression (the start, five fields, in a
 * time zone) with a length. Pure: occurrences come from cron-parser, computed in the
 * window's zone, so "Saturday 02:00 Europe/Berlin" stays 02:00 across daylight saving.
 */
export const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
const WEEKDAY_NAMES: Record<(typeof WEEKDAYS)[number], string> = { sun: "Sun", mon: "Mon", tue: "Tue", wed: "Wed", thu: "Thu", fri: "Fri", sat: "Sat" };
/** Longest occurrence: a week (a silence longer than that needs a confirmation anyway). */
export const MAX_DURATION_MINUTES = 7 * 24 * 60;

const Millis = z.number({ error: "a time in epoch milliseconds" }).int({ error: "a time in epoch milliseconds" }).positive({ error: "a time in epoch milliseconds" });

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const TimeZone = z.string().min(1).refine(isTimeZone, { error: "an IANA time zone such as UTC or Europe/Berlin" });
const Duration = z
  .number({ error: "minutes" })
  .int({ error: "whole minutes" })
  .min(1, { error: "at least a minute" })
  .max(MAX_DURATION_MINUTES, { error: `at most ${MAX_DURATION_MINUTES} minutes (a week)` });

/** A cron expression's first error, or null: exactly five fields (minute hour day-of-month month day-of-week). */
export function cronError(cron: string, timeZone = "UTC"): string | null {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) return `five fields (minute hour day-of-month month day-of-week), not ${fields.length}`;
  try {
    CronExpressionParser.parse(cron, { tz: timeZone, currentDate: new Date(0) }).next();
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

export const ScheduleSchema = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("once"), startsAt: Millis, endsAt: Millis }),
    z.object({
      kind: z.literal("weekly"),
      days: z.array(z.enum(WEEKDAYS, { error: `one of ${WEEKDAYS.join(", ")}` })).min(1, { error: "at least one day" }),
      at: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: "a time of day, HH:MM" }),
      durationMinutes: Duration,
      timeZone: TimeZone,
    }),
    z.object({ kind: z.literal("cron"), cron: z.string().trim().min(1, { error: "a cron expression" }), durationMinutes: Duration, timeZone: TimeZone }),
  ], { error: 'kind: "once", "weekly" or "cron"' })
  .superRefine((s, ctx) => {
    if (s.kind === "once" && s.endsAt <= s.startsAt) ctx.addIssue({ code: "custom", path: ["endsAt"], message: "after startsAt" });
    if (s.kind === "once" && s.endsAt - s.startsAt > MAX_DURATION_MINUTES * 60_000) ctx.addIssue({ code: "custom", path: ["endsAt"], message: "at most a week after startsAt" });
    if (s.kind === "cron") {
      const error = cronError(s.cron, s.timeZone);
      if (error) ctx.addIssue({ code: "custom", path: ["cron"], message: error });
    }
  });
export type Schedule = z.infer<typeof ScheduleSchema>;

/** The cron expression of a recurring schedule (a weekly one written as cron), or null for a one-off. */
export function cronOf(schedule: Schedule): string | null {
  if (schedule.kind === "once") return null;
  if (schedule.kind === "cron") return schedule.cron.trim();
  const [h, m] = schedule.at.split(":").map(Number);
  const days = [...new Set(schedule.days)].map((d) => WEEKDAYS.indexOf(d)).sort((a, b) => a - b);
  return `${m} ${h} * * ${days.join(",")}`;
}

export interface Occurrence {
  startsAt: number;
  endsAt: number;
}

/**
 * The occurrences that overlap [fromMs, toMs) (one in progress at fromMs included), at
 * most `max`, none starting at or after `untilMs` (the end of a recurrence).
 */
export function occurrences(schedule: Schedule, fromMs: number, toMs: number, opts: { untilMs?: number | null; max?: number } = {}): Occurrence[] {
  const max = opts.max ?? 500;
  const until = opts.untilMs ?? Infinity;
  if (schedule.kind === "once") {
    const o = { startsAt: schedule.startsAt, endsAt: schedule.endsAt };
    return o.endsAt > fromMs && o.startsAt < toMs && o.startsAt < until ? [o] : [];
  }
  const lengthMs = schedule.durationMinutes * 60_000;
  // From one length before `fromMs`: an occurrence that began then is still on.
  const interval = CronExpressionParser.parse(cronOf(schedule)!, { tz: schedule.timeZone, currentDate: new Date(fromMs - lengthMs - 1) });
  const out: Occurrence[] = [];
  while (out.length < max) {
    const startsAt = interval.next().getTime();
    if (startsAt >= toMs || startsAt >= until) break;
    if (startsAt + lengthMs > fromMs) out.push({ startsAt, endsAt: startsAt + lengthMs });
  }
  return out;
}

function minutes(n: number): string {
  return n % 1440 === 0 ? `${n / 1440} d` : n % 60 === 0 ? `${n / 60} h` : n > 60 ? `${Math.floor(n / 60)} h ${n % 60} min` : `${n} min`;
}

/** "Sat, Sun at 02:00 for 4 h (Europe/Berlin)", "cron 0 3 1 * * for 2 h (UTC)", "once". */
export function describeSchedule(schedule: Schedule): string {
  if (schedule.kind === "once") return "once";
  if (schedule.kind === "weekly") {
    const days = WEEKDAYS.filter((d) => schedule.days.includes(d)).map((d) => WEEKDAY_NAMES[d]);
    return `${days.length === 7 ? "every day" : days.join(", ")} at ${schedule.at} for ${minutes(schedule.durationMinutes)} (${schedule.timeZone})`;
  }
  return `cron "${schedule.cron.trim()}" for ${minutes(schedule.durationMinutes)} (${schedule.timeZone})`;
}
