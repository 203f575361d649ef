import { z } from "zod";

/** What one GPU-hour of a model costs; `modelName` is the label dcgm-exporter reports (`NVIDIA H100 80GB HBM3`). */
export const GpuPriceSchema = z.object({
  modelName: z.string().trim().min(1, { error: "empty" }).max(200, { error: "longer than 200 characters" }),
  usdPerGpuHour: z
    .number({ error: "a number of dollars" })
    .finite({ error: "a number of dollars" })
    .min(0, { error: "not negative" })
    .max(1000, { error: "at most 1000 $ per GPU-hour" }),
});
export type GpuPrice = z.infer<typeof GpuPriceSchema>;

export const GpuPriceRowSchema = GpuPriceSchema.extend({ updatedAt: z.number(), updatedBy: z.string() });
export type GpuPriceRow = z.infer<typeof GpuPriceRowSchema>;

/** The admin's save: the whole table (models left out are removed), each model once. */
export const PriceTableSchema = z
  .object({ prices: z.array(GpuPriceSchema).max(200, { error: "at most 200 models" }) })
  .superRefine((table, ctx) => {
    const seen = new Set<string>();
    table.prices.forEach((p, i) => {
      if (seen.has(p.modelName)) ctx.addIssue({ code: "custom", path: ["prices", i, "modelName"], message: `prices.${i}.modelName: "${p.modelName}" appears twice` });
      seen.add(p.modelName);
    });
  });
export type PriceTable = z.infer<typeof PriceTableSchema>;
