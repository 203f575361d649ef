import { z } from "zod";
import { UNITS } from "@/lib/charts/units";

/** Dashboards are typed data: defs/*.ts export objects that parse with DashboardDefSchema. */
export const PanelQuerySchema = z.object({
  expr: z.string().min(1),
  /** Grafana legend template, e.g. `{{$__host}} GPU {{gpu}}` (`$__host` etc.: lib/metrics/labels.ts). */
  legend: z.string().optional(),
  /**
   * The same figure computed from the exporter's own series, for an `expr` that reads a
   * recording rule: run instead where the window reaches back before the rule's first
   * sample (a fresh install, a new rule). Without it such a panel says since when it covers.
   */
  raw: z.string().min(1).optional(),
  /**
   * The histogram a `histogram_quantile` query reads (its name without `_bucket`): a value at
   * its top finite bucket is drawn and labelled "≥ that", not as the bound itself.
   */
  histogram: z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/).optional(),
  /**
   * A top-N query (`(E) and on (…) (RANKING)`, defs/top-series.ts) that asks its ranking
   * first, alone at the window's end, then runs for only the ranked series' `label` values
   * (`variable` set to them): E then reads the kept nodes' series, not every GPU's
   * (lib/dashboards/rank-first.ts).
   */
  rankFirst: z.object({ variable: z.string().min(1), label: z.string().min(1) }).optional(),
});

export const ThresholdSchema = z.object({ value: z.number(), color: z.string() });

/** A drill-down: Grafana's data-link syntax (lib/dashboards/links.ts). */
export const PanelLinkSchema = z.object({ title: z.string().min(1), url: z.string().min(1) });

/** What every kind of panel has. */
const PanelBase = {
  id: z.string().regex(/^[a-z0-9-]+$/),
  title: z.string().min(1),
  description: z.string().optional(),
  datasource: z.string().default("default"),
  links: z.array(PanelLinkSchema).default([]),
  /** Spans the dashboard's full width. */
  wide: z.boolean().default(false),
  /** Grafana's relative time override: this panel always shows the last `30d` (s, m, h, d, w) up to the dashboard's end. */
  timeFrom: z.string().regex(/^\d+[smhdw]$/).optional(),
};

export const TimeSeriesPanelSchema = z.object({
  kind: z.literal("timeseries"),
  ...PanelBase,
  queries: z.array(PanelQuerySchema).min(1),
  unit: z.enum(UNITS),
  min: z.number().optional(),
  max: z.number().optional(),
  thresholds: z.array(ThresholdSchema).default([]),
  /** The scrape interval of what the panel shows: no step below it. */
  minStepSeconds: z.number().positive().default(15),
  /** Draw alert bands: when an alert about the panel's series was pending or firing. */
  alertBands: z.boolean().default(true),
  /** Lines, or areas filled to zero; stacked sums the series on top of each other. */
  style: z.enum(["line", "area"]).default("line"),
  stack: z.boolean().default(false),
  /** Start with the forecast overlay on (a least-squares projection a quarter of the range ahead). */
  forecast: z.boolean().default(false),
});

export const HeatmapPanelSchema = z.object({
  kind: z.literal("heatmap"),
  ...PanelBase,
  /** One query; each of its series is a row (a GPU). */
  queries: z.array(PanelQuerySchema).length(1),
  unit: z.enum(UNITS),
  /** The colour scale's ends; the data's extent when left out. */
  min: z.number().optional(),
  max: z.number().optional(),
  colorScheme: z.enum(["utilization", "temperature"]).default("utilization"),
  sort: z.enum(["node", "mean"]).default("node"),
  /** How rows are folded when there are more GPUs than pixel rows. */
  aggregate: z.enum(["max", "mean"]).default("max"),
  /** A row's name, Grafana legend syntax. */
  rowLabel: z.string().default("{{$__host}} GPU {{gpu}}"),
  /**
   * What the tooltip looks up for the GPU under the pointer at its time: an instant
   * query (data-link syntax for the row's labels) and the labels to show (the job).
   */
  detail: z.object({ expr: z.string().min(1), labels: z.array(z.string()).default([]) }).optional(),
  minStepSeconds: z.number().positive().default(15),
});

const ReducerSchema = z.enum(["last", "mean", "max", "min"]).default("last");
/** The colour below the first threshold step. */
const BaseColor = z.string().default("#73bf69");

/** One value, coloured by threshold, over a sparkline of the range. */
export const StatPanelSchema = z.object({
  kind: z.literal("stat"),
  ...PanelBase,
  queries: z.array(PanelQuerySchema).length(1),
  unit: z.enum(UNITS),
  thresholds: z.array(ThresholdSchema).default([]),
  baseColor: BaseColor,
  reduce: ReducerSchema,
  sparkline: z.boolean().default(true),
  minStepSeconds: z.number().positive().default(15),
});

export const GaugePanelSchema = z.object({
  kind: z.literal("gauge"),
  ...PanelBase,
  queries: z.array(PanelQuerySchema).length(1),
  unit: z.enum(UNITS),
  min: z.number().default(0),
  max: z.number().default(100),
  thresholds: z.array(ThresholdSchema).default([]),
  baseColor: BaseColor,
  reduce: ReducerSchema,
  minStepSeconds: z.number().positive().default(15),
});

/** Bars of an instant query at the end of the range, largest first. */
export const BarPanelSchema = z.object({
  kind: z.literal("bar"),
  ...PanelBase,
  queries: z.array(PanelQuerySchema).length(1),
  unit: z.enum(UNITS),
  thresholds: z.array(ThresholdSchema).default([]),
  baseColor: BaseColor,
});

/** Instant queries joined on labels, sortable; links per row. */
export const TablePanelSchema = z.object({
  kind: z.literal("table"),
  ...PanelBase,
  /** `decode: "xid"`: the value is an XID code, shown with its name from the XID catalogue; `"health"`: a DCGM health result, shown by name. */
  queries: z.array(PanelQuerySchema.extend({ header: z.string().min(1), unit: z.enum(UNITS), decode: z.enum(["xid", "health"]).optional() })).min(1),
  /** The label columns, also what rows are joined on. */
  labels: z.array(z.string()).min(1),
  /** Label columns whose values are codes to decode by name (`{ xid: "xid" }`). */
  decodeLabels: z.record(z.string(), z.enum(["xid"])).default({}),
  sortBy: z.string().optional(),
  sortDirection: z.enum(["asc", "desc"]).default("desc"),
  thresholds: z.array(ThresholdSchema).default([]),
  /** For a table of problems (targets down, alerts firing): no rows is good news, said in these words. */
  whenEmpty: z.string().min(1).optional(),
});

/**
 * Node × GPU, the current value, one cell per GPU coloured by threshold. An optional second
 * query gives MIG instances' utilization (percent, with GPU_I_ID and GPU_I_PROFILE): a
 * partitioned GPU's cell shows a bar per instance.
 */
export const FleetGridPanelSchema = z.object({
  kind: z.literal("fleetgrid"),
  ...PanelBase,
  queries: z.array(PanelQuerySchema).min(1).max(2),
  unit: z.enum(UNITS),
  thresholds: z.array(ThresholdSchema).default([]),
  baseColor: BaseColor,
  groupLabel: z.string().default("$__host"),
  cellLabel: z.string().default("gpu"),
});

/**
 * What GPUs cost: one instant query counting GPUs by model (`count by (modelName) (…)`),
 * priced from the admin's GPU-hour table (Postgres): $ per hour and per month, with the
 * models that have no price named.
 */
export const CostPanelSchema = z.object({
  kind: z.literal("cost"),
  ...PanelBase,
  queries: z.array(PanelQuerySchema).length(1),
  /** The label that names the model in the query's answer. */
  modelLabel: z.string().default("modelName"),
  /** What is counted, after the number ("idle allocated GPUs"). */
  noun: z.string().default("GPUs"),
  /** Colours of the monthly cost. */
  thresholds: z.array(ThresholdSchema).default([]),
  baseColor: BaseColor,
});

export const PanelSchema = z.discriminatedUnion("kind", [
  TimeSeriesPanelSchema,
  HeatmapPanelSchema,
  StatPanelSchema,
  GaugePanelSchema,
  BarPanelSchema,
  TablePanelSchema,
  FleetGridPanelSchema,
  CostPanelSchema,
]);

export const VariableSchema = z
  .object({
    name: z.string().regex(/^[a-zA-Z_]\w*$/),
    label: z.string().min(1),
    /** `label`: values of a label; `datasource`: the console's datasources (panels say `datasource: "$name"`). */
    kind: z.enum(["label", "datasource"]).default("label"),
    /** The label whose values are offered (through /api/prom/.../label/<name>/values). */
    labelName: z.string().default(""),
    /** A series selector limiting the values; may use earlier variables. */
    match: z.string().optional(),
    multi: z.boolean().default(false),
    includeAll: z.boolean().default(true),
  })
  .refine((v) => v.kind !== "label" || v.labelName !== "", { error: "a label variable needs labelName", path: ["labelName"] })
  .refine((v) => v.kind !== "datasource" || (!v.multi && !v.includeAll), { error: "a datasource variable is one datasource (multi and includeAll false)", path: ["kind"] });

export const DashboardDefSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  title: z.string().min(1),
  /** Default time range, Grafana notation. */
  time: z.object({ from: z.string(), to: z.string() }).default({ from: "now-1h", to: "now" }),
  /** Layout: the narrowest a panel gets before the grid wraps, and each panel's height (px). */
  panelMinWidth: z.number().int().positive().default(640),
  panelHeight: z.number().int().positive().default(320),
  /** Variables, in dependency order (a variable may use the ones before it). */
  variables: z.array(VariableSchema).default([]),
  /** Variables the page's URL path fixes (a drill-down's node or GPU): used like variables, never offered. */
  fixedVariables: z.array(z.string().regex(/^[a-zA-Z_]\w*$/)).default([]),
  panels: z.array(PanelSchema).min(1),
});

export type PanelQuery = z.infer<typeof PanelQuerySchema>;
export type TimeSeriesPanel = z.infer<typeof TimeSeriesPanelSchema>;
export type HeatmapPanel = z.infer<typeof HeatmapPanelSchema>;
export type StatPanel = z.infer<typeof StatPanelSchema>;
export type GaugePanel = z.infer<typeof GaugePanelSchema>;
export type BarPanel = z.infer<typeof BarPanelSchema>;
export type TablePanel = z.infer<typeof TablePanelSchema>;
export type FleetGridPanel = z.infer<typeof FleetGridPanelSchema>;
export type CostPanel = z.infer<typeof CostPanelSchema>;
export type PanelLink = z.infer<typeof PanelLinkSchema>;
export type Panel = z.infer<typeof PanelSchema>;
export type DashboardDef = z.infer<typeof DashboardDefSchema>;
export type Variable = z.infer<typeof VariableSchema>;
/** What a def file writes: defaults may be left out. */
export type DashboardDefInput = z.input<typeof DashboardDefSchema>;
