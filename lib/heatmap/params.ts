import { z } from "zod";

/**
 * The heatmap endpoint's own parameters (the range ones are query_range's, read by the
 * proxy's rules). Each failure names its parameter.
 */
const finite = (name: string) =>
  z
    .string()
    .transform((s, ctx) => {
      const n = Number(s);
      if (s.trim() === "" || !Number.isFinite(n)) {
        ctx.addIssue({ code: "custom", message: `invalid parameter "${name}": "${s}" is not a number` });
        return z.NEVER;
      }
      return n;
    })
    .optional();

/** More displayed rows than this is more than any screen has pixel rows. */
export const MAX_HEATMAP_ROWS = 16_384;

export const HeatmapParamsSchema = z.object({
  rows: z
    .string({ error: 'missing parameter "rows"' })
    .regex(/^\d+$/, { error: 'invalid parameter "rows": a positive integer (the pixel rows of the panel)' })
    .transform(Number)
    .refine((n) => n >= 1 && n <= MAX_HEATMAP_ROWS, { error: `invalid parameter "rows": between 1 and ${MAX_HEATMAP_ROWS}` }),
  aggregate: z.enum(["max", "mean"], { error: 'invalid parameter "aggregate": "max" or "mean"' }).default("max"),
  sort: z.enum(["node", "mean"], { error: 'invalid parameter "sort": "node" or "mean"' }).default("node"),
  min: finite("min"),
  max: finite("max"),
});
export type HeatmapParams = z.infer<typeof HeatmapParamsSchema>;

export function parseHeatmapParams(params: URLSearchParams): { ok: true; value: HeatmapParams } | { ok: false; message: string } {
  const raw: Record<string, string> = {};
  for (const key of ["rows", "aggregate", "sort", "min", "max"]) {
    const v = params.get(key);
    if (v !== null) raw[key] = v;
  }
  const parsed = HeatmapParamsSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? "invalid parameters" };
  const { min, max } = parsed.data;
  if (min !== undefined && max !== undefined && max < min) return { ok: false, message: 'invalid parameter "max": below "min"' };
  return { ok: true, value: parsed.data };
}
