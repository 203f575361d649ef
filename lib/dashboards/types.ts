import { z } from "zod";
import { UNITS } from "@/lib/charts/units";

/** Dashboards are typed data: defs/*.ts export objects that parse with DashboardDefSchema. */
export const PanelQuerySchema = z.object({
  expr: z.string().min(1),
  /** Grafana legend template, e.g. `{{Hostname}} GPU {{gpu}}`. */
  legend: z.string().optional(),
});

export const ThresholdSchema = z.object({ value: z.number(), color: z.string() });

export const TimeSeriesPanelSchema = z.object({
  kind: z.literal("timeseries"),
  id: z.string().regex(/^[a-z0-9-]+$/),
  title: z.string().min(1),
  description: z.string().optional(),
  datasource: z.string().default("default"),
  queries: z.array(PanelQuerySchema).min(1),
  unit: z.enum(UNITS),
  min: z.number().optional(),
  max: z.number().optional(),
  thresholds: z.array(ThresholdSchema).default([]),
  /** The scrape interval of what the panel shows: no step below it. */
  minStepSeconds: z.number().positive().default(15),
  /** Draw alert bands: when an alert about the panel's series was pending or firing. */
  alertBands: z.boolean().default(true),
});

export const PanelSchema = z.discriminatedUnion("kind", [TimeSeriesPanelSchema]);

export const VariableSchema = z.object({
  name: z.string().regex(/^[a-zA-Z_]\w*$/),
  label: z.string().min(1),
  /** The label whose values are offered (through /api/prom/.../label/<name>/values). */
  labelName: z.string().min(1),
  /** A series selector limiting the values; may use earlier variables. */
  match: z.string().optional(),
  multi: z.boolean().default(false),
  includeAll: z.boolean().default(true),
});

export const DashboardDefSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  title: z.string().min(1),
  /** Default time range, Grafana notation. */
  time: z.object({ from: z.string(), to: z.string() }).default({ from: "now-1h", to: "now" }),
  /** Variables, in dependency order (a variable may use the ones before it). */
  variables: z.array(VariableSchema).default([]),
  panels: z.array(PanelSchema).min(1),
});

export type PanelQuery = z.infer<typeof PanelQuerySchema>;
export type TimeSeriesPanel = z.infer<typeof TimeSeriesPanelSchema>;
export type Panel = z.infer<typeof PanelSchema>;
export type DashboardDef = z.infer<typeof DashboardDefSchema>;
export type Variable = z.infer<typeof VariableSchema>;
/** What a def file writes: defaults may be left out. */
export type DashboardDefInput = z.input<typeof DashboardDefSchema>;
