import { z } from "zod";

export { firstIssue } from "@/lib/api/zod";

/** Annotations at the API boundary: what may be written and asked, errors naming the field. */
const epochMs = (field: string) =>
  z
    .number({ error: `${field}: epoch milliseconds` })
    .int({ error: `${field}: whole milliseconds` })
    .min(0, { error: `${field}: before 1970` })
    .max(8.64e15, { error: `${field}: out of range` });

export const TAG = /^[\w.:/-]{1,40}$/;

export const AnnotationInputSchema = z
  .object({
    startsAt: epochMs("startsAt"),
    endsAt: epochMs("endsAt").nullable().optional(),
    text: z.string({ error: "text: required" }).trim().min(1, { error: "text: write what happened" }).max(2000, { error: "text: at most 2,000 characters" }),
    tags: z
      .array(z.string().regex(TAG, { error: "tags: letters, digits and . _ : / - (up to 40)" }))
      .max(10, { error: "tags: at most 10" })
      .default([]),
    dashboardId: z
      .string()
      .regex(/^[a-z0-9-]+$/, { error: "dashboardId: a dashboard id" })
      .nullable()
      .optional(),
  })
  .strict()
  .refine((a) => a.endsAt === null || a.endsAt === undefined || a.endsAt >= a.startsAt, { error: "endsAt: before startsAt", path: ["endsAt"] });
export type AnnotationInput = z.infer<typeof AnnotationInputSchema>;

export const AnnotationQuerySchema = z
  .object({
    from: z.coerce.number({ error: "from: epoch milliseconds" }).int().nonnegative(),
    to: z.coerce.number({ error: "to: epoch milliseconds" }).int().nonnegative(),
    dashboardId: z.string().regex(/^[a-z0-9-]+$/, { error: "dashboardId: a dashboard id" }).optional(),
  })
  .refine((q) => q.to >= q.from, { error: "to: before from", path: ["to"] });

/** An annotation as the API answers it. */
export const AnnotationSchema = z.object({
  id: z.string(),
  startsAt: z.number(),
  endsAt: z.number().nullable(),
  text: z.string(),
  tags: z.array(z.string()),
  dashboardId: z.string().nullable(),
  authorName: z.string(),
  createdAt: z.number(),
  /** "maintenance": an occurrence of a maintenance window (read-only here; edited on /maintenance). */
  kind: z.enum(["annotation", "maintenance"]).default("annotation"),
});
export type Annotation = z.infer<typeof AnnotationSchema>;
