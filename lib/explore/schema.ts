import { z } from "zod";

/** One run of a query in Explore, as the browser records it. */
export const HistoryInputSchema = z.object({
  datasource: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { error: "datasource: a datasource id (lower case, digits, dashes)" }),
  expr: z.string().trim().min(1, { error: "expr: empty query" }).max(10_000, { error: "expr: longer than 10,000 characters" }),
});
export type HistoryInput = z.infer<typeof HistoryInputSchema>;

export const HistoryEntrySchema = HistoryInputSchema.extend({
  runCount: z.number().int().positive(),
  lastRunAt: z.number(),
});
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;

/** How many queries each user keeps; older ones are dropped as new ones are run. */
export const HISTORY_LIMIT = 100;
