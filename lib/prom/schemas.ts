import { z } from "zod";

/** Zod types of the Prometheus HTTP API (https://prometheus.io/docs/prometheus/latest/querying/api/). */

export const LabelsSchema = z.record(z.string(), z.string());
export type Labels = z.infer<typeof LabelsSchema>;

/** [unix seconds, "value"]; the value is a string so NaN and ±Inf survive JSON. */
export const SamplePairSchema = z.tuple([z.number(), z.string()]);

export const MatrixSchema = z.object({
  resultType: z.literal("matrix"),
  result: z.array(z.object({ metric: LabelsSchema, values: z.array(SamplePairSchema) })),
});
export type Matrix = z.infer<typeof MatrixSchema>;

export const VectorSchema = z.object({
  resultType: z.literal("vector"),
  result: z.array(z.object({ metric: LabelsSchema, value: SamplePairSchema })),
});
export type Vector = z.infer<typeof VectorSchema>;

export const ScalarSchema = z.object({ resultType: z.literal("scalar"), result: SamplePairSchema });
export const StringResultSchema = z.object({ resultType: z.literal("string"), result: SamplePairSchema });

export const QueryDataSchema = z.discriminatedUnion("resultType", [
  MatrixSchema,
  VectorSchema,
  ScalarSchema,
  StringResultSchema,
]);
export type QueryData = z.infer<typeof QueryDataSchema>;

/** Prometheus' errorType values, plus the proxy's own `unavailable` and `timeout`. */
export const ErrorTypeSchema = z.string().min(1);

export const ErrorEnvelopeSchema = z.object({
  status: z.literal("error"),
  errorType: ErrorTypeSchema,
  error: z.string(),
  warnings: z.array(z.string()).optional(),
  infos: z.array(z.string()).optional(),
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelopeSchema>;

export function successEnvelope<T extends z.ZodType>(data: T) {
  return z.object({
    status: z.literal("success"),
    data,
    warnings: z.array(z.string()).optional(),
    infos: z.array(z.string()).optional(),
  });
}

/** Any Prometheus API answer: success with unknown data, or the error shape. */
export const EnvelopeSchema = z.discriminatedUnion("status", [successEnvelope(z.unknown()), ErrorEnvelopeSchema]);
export type Envelope = z.infer<typeof EnvelopeSchema>;
