import { z } from "zod";
import type { Matcher } from "@/lib/alerting/silences";
import type { Coverage } from "@/lib/silences/guardrails";
import { SilenceMatcherSchema } from "@/lib/silences/schema";
import { ScheduleSchema, type Occurrence, type Schedule } from "./schedule";

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

export interface OccurrenceView extends Occurrence {
  /** The silence made for it, once made (ahead of it); its state in the console. */
  silenceId: string | null;
  silenceState: "pending" | "active" | "expired" | null;
  lastError: string | null;
}

/** A window as stored. */
export interface MaintenanceWindow {
  id: string;
  name: string;
  matchers: Matcher[];
  schedule: Schedule;
  comment: string;
  until: number | null;
  createdBy: string;
  updatedBy: string;
  version: number;
  createdAt: number;
  updatedAt: number;
}

export interface MaintenanceView extends MaintenanceWindow {
  /** The schedule in words. */
  describe: string;
  /** In progress and upcoming (the next week), with their silences where made. */
  upcoming: OccurrenceView[];
  /** What it would suppress if it were on now: alerts, GPUs, nodes, jobs, teams (null: Alertmanager did not answer). */
  covers: Coverage | null;
}

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
