import { z } from "zod";
import { CoverageSchema } from "@/lib/silences/guardrails";
import { SilenceMatcherSchema, StoredMatchersSchema } from "@/lib/silences/schema";
import { ScheduleSchema } from "./schedule";

/** A maintenance window as the API takes it; errors name the field ("schedule.at: …"). */
export const MaintenanceInputSchema = z.object({
  name: z.string().trim().min(1, { error: "a name" }).max(120, { error: "longer than 120 characters" }),
  matchers: z.array(SilenceMatcherSchema).min(1, { error: "at least one matcher" }).max(32, { error: "at most 32 matchers" }),
  schedule: ScheduleSchema,
  comment: z.string().trim().min(1, { error: "say why (a comment is required)" }).max(2000, { error: "longer than 2000 characters" }),
  /** No occurrence starts at or after this (epoch ms); none: for ever. */
  until: z.number().int().positive({ error: "a time in epoch milliseconds" }).nullable().optional(),
  /** A broad window's confirmation by an SRE or admin, as a silence's (lib/silences/guardrails.ts). */
  confirm: z.object({ reason: z.string().trim().min(8, { error: "say why a window this broad is right (8 characters at least)" }).max(500) }).optional(),
});
export type MaintenanceInput = z.infer<typeof MaintenanceInputSchema>;

export const MaintenanceEditSchema = MaintenanceInputSchema.extend({ version: z.number().int().positive({ error: "the version you read" }) });
export type MaintenanceEdit = z.infer<typeof MaintenanceEditSchema>;

export const OccurrenceViewSchema = z.object({
  startsAt: z.number(),
  endsAt: z.number(),
  /** The silence made for it, once made (ahead of it); its state in the console. */
  silenceId: z.string().nullable(),
  silenceState: z.enum(["pending", "active", "expired"]).nullable(),
  lastError: z.string().nullable(),
});
export type OccurrenceView = z.infer<typeof OccurrenceViewSchema>;

/** A window as stored. */
export const MaintenanceWindowSchema = z.object({
  id: z.string(),
  name: z.string(),
  matchers: StoredMatchersSchema,
  schedule: ScheduleSchema,
  comment: z.string(),
  until: z.number().nullable(),
  createdBy: z.string(),
  updatedBy: z.string(),
  version: z.number(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type MaintenanceWindow = z.infer<typeof MaintenanceWindowSchema>;

/** A window as the API shows it (the browser's client validates it). */
export const MaintenanceViewSchema = MaintenanceWindowSchema.extend({
  /** The schedule in words. */
  describe: z.string(),
  /** In progress and upcoming (the next week), with their silences where made. */
  upcoming: z.array(OccurrenceViewSchema),
  /** What it would suppress if it were on now: alerts, GPUs, nodes, jobs, teams (null: Alertmanager did not answer). */
  covers: CoverageSchema.nullable(),
});
export type MaintenanceView = z.infer<typeof MaintenanceViewSchema>;

/** The silence comment of one occurrence: which window, and why. */
export function occurrenceComment(name: string, comment: string): string {
  return `Maintenance window "${name}": ${comment}`;
}

/**
 * What editing a window does to its occurrences: those that have begun (or are past)
 * keep their silences; those not yet begun are cancelled (their silences expired) and made
 * again from the new schedule.
 */
export function occurrencesToCancel<T extends { startsAt: number }>(existing: T[], nowMs: number): T[] {
  return existing.filter((o) => o.startsAt > nowMs);
}

/**
 * The alerts page's summary: one row per window with an occurrence on now or ahead — its
 * next (the one in progress, else the soonest) and how many more follow in the list — on
 * now first, then by that next start.
 */
export function upcomingByWindow<W extends { id: string; upcoming: { startsAt: number; endsAt: number }[] }>(windows: readonly W[], nowMs: number) {
  return windows
    .flatMap((window) => {
      const ahead = window.upcoming.filter((o) => o.endsAt > nowMs).sort((a, b) => a.startsAt - b.startsAt);
      const next = ahead[0];
      return next ? [{ window, next, more: ahead.length - 1, onNow: next.startsAt <= nowMs }] : [];
    })
    .sort((a, b) => Number(b.onNow) - Number(a.onNow) || a.next.startsAt - b.next.startsAt);
}
