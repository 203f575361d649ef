import { z } from "zod";
import { parseConfigMatcher } from "./route-tree";

/**
 * Team routing as the console keeps it (issue 8): receivers, an ordered route tree, time
 * intervals and inhibition rules. Secrets are never values here: a receiver names the
 * environment variable or file that holds its key. `compileAlertmanagerConfig` turns a
 * model into alertmanager.yml.
 */
const Duration = z.string().regex(/^(\d+(ms|s|m|h|d|w|y))+$/, { error: "a duration such as 30s, 5m, 4h" });
const Name = z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}$/, { error: "a name (letters, digits, . _ -)" });
const MatcherText = z.string().superRefine((text, ctx) => {
  try {
    parseConfigMatcher(text);
  } catch (error) {
    ctx.addIssue({ code: "custom", message: (error as Error).message });
  }
});

/**
 * Where a secret is: an environment variable of the console (resolved when applying), a
 * file Alertmanager reads, or a value sealed with the console's key (`stored`: the
 * ciphertext; lib/routing/secret-box). `url` secrets (webhooks) cannot be files:
 * Alertmanager 0.25 has no `url_file`.
 */
/**
 * Environment references name only variables set aside for receivers' secrets: a lead
 * pointing one at NEXTAUTH_SECRET or OIDC_GROUP_MAP would otherwise write the console's
 * own configuration into alertmanager.yml (and amtool's messages).
 */
export const ENV_SECRET_PREFIX = "ALERTING_SECRET_";
const EnvRef = z
  .object({ env: z.string().regex(/^ALERTING_SECRET_[A-Z0-9_]+$/, { error: `an environment variable named ${ENV_SECRET_PREFIX}… (only those hold receivers' secrets; the console's own configuration cannot be referenced)` }) })
  .strict();
const FileRef = z.object({ file: z.string().startsWith("/", { error: "an absolute path" }) }).strict();
const StoredRef = z.object({ stored: z.string().min(1) }).strict();
export const SecretRefSchema = z.union([EnvRef, FileRef, StoredRef]);
export const UrlSecretRefSchema = z.union([EnvRef, StoredRef]);
export type SecretRef = z.infer<typeof SecretRefSchema>;

/** What an editor sends for a secret: a reference, a new value (sealed on save), or "keep what is stored". */
const Value = (url: boolean) => z.object({ value: url ? z.url({ protocol: /^https?$/, error: "an http(s) URL" }) : z.string().min(1, { error: "a value" }) }).strict();
const Keep = z.object({ keep: z.literal(true) }).strict();
export const SecretInputSchema = z.union([EnvRef, FileRef, Value(false), Keep]);
export const UrlSecretInputSchema = z.union([EnvRef, Value(true), Keep]);
export type SecretInput = z.infer<typeof SecretInputSchema> | z.infer<typeof UrlSecretInputSchema>;

/** What the API shows of a secret: references as they are, a stored value only as "stored". */
export const SecretViewSchema = z.union([EnvRef, FileRef, z.object({ stored: z.literal(true) }).strict()]);
export type SecretView = z.infer<typeof SecretViewSchema>;

/** The fields of each kind that hold secrets. */
export const SECRET_FIELDS = { slack: ["apiUrl"], pagerduty: ["routingKey"], webhook: ["url"], email: [], opsgenie: ["apiKey"], none: [] } as const;

function receiverSchema<S extends z.ZodType, U extends z.ZodType>(secret: S, urlSecret: U) {
  // The team whose leads may edit the receiver (a slug); admins edit every receiver.
  const base = { name: Name, team: z.string().min(1).optional() };
  return z.discriminatedUnion("kind", [
    z.object({ ...base, kind: z.literal("slack"), channel: z.string().min(1, { error: "a channel, e.g. #gpu-alerts" }), apiUrl: secret, sendResolved: z.boolean().default(true) }),
    z.object({ ...base, kind: z.literal("pagerduty"), routingKey: secret, sendResolved: z.boolean().default(true) }),
    z.object({ ...base, kind: z.literal("webhook"), url: urlSecret, sendResolved: z.boolean().default(true) }),
    z.object({ ...base, kind: z.literal("email"), to: z.email(), sendResolved: z.boolean().default(false) }),
    z.object({ ...base, kind: z.literal("opsgenie"), apiKey: secret, sendResolved: z.boolean().default(true) }),
    /** No integration (a sink for alerts nobody must get, or one not configured yet). */
    z.object({ ...base, kind: z.literal("none") }),
  ]);
}

export const ReceiverSchema = receiverSchema(SecretRefSchema, UrlSecretRefSchema);
export type Receiver = z.infer<typeof ReceiverSchema>;
export const ReceiverInputSchema = receiverSchema(SecretInputSchema, UrlSecretInputSchema);
export type ReceiverInput = z.input<typeof ReceiverInputSchema>;
export const ReceiverViewSchema = receiverSchema(SecretViewSchema, SecretViewSchema);
export type ReceiverView = z.infer<typeof ReceiverViewSchema>;

export interface RouteNode {
  matchers: string[];
  receiver?: string;
  groupBy?: string[];
  groupWait?: string;
  groupInterval?: string;
  repeatInterval?: string;
  continue?: boolean;
  muteTimeIntervals?: string[];
  activeTimeIntervals?: string[];
  routes?: RouteNode[];
}

type RouteNodeInput = Omit<RouteNode, "matchers" | "routes"> & { matchers?: string[]; routes?: RouteNodeInput[] };

export const RouteNodeSchema: z.ZodType<RouteNode, RouteNodeInput> = z.lazy(() =>
  z.object({
    matchers: z.array(MatcherText).default([]),
    receiver: Name.optional(),
    groupBy: z.array(z.string()).optional(),
    groupWait: Duration.optional(),
    groupInterval: Duration.optional(),
    repeatInterval: Duration.optional(),
    continue: z.boolean().optional(),
    muteTimeIntervals: z.array(Name).optional(),
    activeTimeIntervals: z.array(Name).optional(),
    routes: z.array(RouteNodeSchema).optional(),
  }),
);

// Alertmanager's week starts on Sunday: a range runs forward within it (saturday:sunday is refused).
const DAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const Weekdays = z.string().superRefine((text, ctx) => {
  const [from, to = from] = text.split(":");
  const a = DAYS.indexOf(from!);
  const b = DAYS.indexOf(to!);
  if (a < 0 || b < 0 || text.split(":").length > 2) ctx.addIssue({ code: "custom", message: `"${text}": a weekday or a range, e.g. monday:friday` });
  else if (a > b) ctx.addIssue({ code: "custom", message: `"${text}": the week runs sunday to saturday; split the range (e.g. saturday, sunday)` });
});
const HHMM = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, { error: "HH:MM" });
export const TimeIntervalSchema = z.object({
  name: Name,
  intervals: z
    .array(
      z.object({
        times: z.array(z.object({ start: HHMM, end: HHMM })).optional(),
        weekdays: z.array(Weekdays).optional(),
        daysOfMonth: z.array(z.string()).optional(),
        months: z.array(z.string()).optional(),
        years: z.array(z.string()).optional(),
        location: z.string().optional(),
      }),
    )
    .min(1),
});

export const InhibitRuleSchema = z.object({ sourceMatchers: z.array(MatcherText).min(1), targetMatchers: z.array(MatcherText).min(1), equal: z.array(z.string()).default([]) });

function routingModelSchema<R extends z.ZodType<{ name: string; kind: string }>>(receiver: R) {
  return z
  .object({
    route: z.object({ receiver: Name }).and(RouteNodeSchema),
    receivers: z.array(receiver).min(1, { error: "at least one receiver" }),
    timeIntervals: z.array(TimeIntervalSchema).default([]),
    inhibitRules: z.array(InhibitRuleSchema).default([]),
    resolveTimeout: Duration.default("5m"),
    /** Where e-mail receivers send from (Alertmanager's global smtp_*); required when one exists. */
    smtp: z.object({ smarthost: z.string().regex(/^[^:\s]+:\d+$/, { error: "host:port" }), from: z.email() }).optional(),
  })
  .superRefine((m, ctx) => {
    const receivers = new Set<string>();
    m.receivers.forEach((r, i) => {
      if (receivers.has(r.name)) ctx.addIssue({ code: "custom", path: ["receivers", i, "name"], message: `"${r.name}" appears twice` });
      receivers.add(r.name);
    });
    if (!m.smtp && m.receivers.some((r) => r.kind === "email")) ctx.addIssue({ code: "custom", path: ["smtp"], message: "an e-mail receiver needs the SMTP server (smarthost) and sender (from)" });
    const intervals = new Set(m.timeIntervals.map((t) => t.name));
    const walk = (node: RouteNode, path: (string | number)[]) => {
      if (node.receiver && !receivers.has(node.receiver)) ctx.addIssue({ code: "custom", path: [...path, "receiver"], message: `no receiver named "${node.receiver}"` });
      for (const key of ["muteTimeIntervals", "activeTimeIntervals"] as const) {
        (node[key] ?? []).forEach((name, i) => {
          if (!intervals.has(name)) ctx.addIssue({ code: "custom", path: [...path, key, i], message: `no time interval named "${name}"` });
        });
      }
      (node.routes ?? []).forEach((child, i) => walk(child, [...path, "routes", i]));
    };
    walk(m.route, ["route"]);
  });
}

export const RoutingModelSchema = routingModelSchema(ReceiverSchema);
/** What the editor saves: secrets as new values, references, or "keep". */
export const RoutingModelInputSchema = routingModelSchema(ReceiverInputSchema);
export type RoutingModelEdit = z.input<typeof RoutingModelInputSchema>;
/** What any browser is shown: secrets only as where they are. */
export const RoutingModelViewSchema = routingModelSchema(ReceiverViewSchema);

/** GET /api/routing: the model as shown, who changed it, and what the caller may change. */
export const RoutingStateSchema = z.object({
  routing: RoutingModelViewSchema,
  revision: z.number(),
  updatedBy: z.string(),
  updatedAt: z.number(),
  /** Who last changed each receiver, and when. */
  receivers: z.record(z.string(), z.object({ updatedBy: z.string(), updatedAt: z.number() })),
  teams: z.array(z.object({ slug: z.string(), name: z.string(), labelValue: z.string() })),
  /** What the caller may change: everything (admins), or the receivers of these teams (leads). */
  canEdit: z.object({ all: z.boolean(), teams: z.array(z.string()) }),
});
export type RoutingState = z.infer<typeof RoutingStateSchema>;

/** GET /api/routing/preview: the configuration as compiled, the running one, their diff, and amtool's check. */
export const RoutingPreviewSchema = z.object({
  yaml: z.string(),
  running: z.union([z.object({ yaml: z.string(), source: z.string() }), z.object({ error: z.string() })]),
  diff: z.string().nullable(),
  /** amtool check-config on the draft compiled with its real secrets: null when it passes. */
  check: z.string().nullable(),
  revision: z.number(),
});
export type Preview = z.infer<typeof RoutingPreviewSchema>;
export type RoutingModel = z.infer<typeof RoutingModelSchema>;
export type RoutingModelInput = z.input<typeof RoutingModelSchema>;

/**
 * The sensible start: for each team, its alerts (by its label value) go to its chat;
 * critical pages its on-call, info opens a ticket (in business hours). Alerts of no team go
 * to the platform's chat. The inhibitions are the shipped rules' (deploy/prometheus/rules):
 * a thermally throttled GPU explains slow inference in its cluster (the latency alert is
 * per model and cluster, so they share the cluster, not the instance), critical silences
 * warning for the same thing, and a dead exporter explains its missing metrics.
 */
export function defaultRouting(teams: { slug: string; labelValue: string }[], label = "team"): RoutingModelInput {
  const receivers = teams.flatMap((t) => ["pager", "chat", "tickets"].map((kind) => ({ name: `${t.slug}-${kind}`, kind: "none" as const, team: t.slug })));
  return {
    route: {
      receiver: teams.some((t) => t.slug === "platform") ? "platform-chat" : `${teams[0]!.slug}-chat`,
      matchers: [],
      groupBy: ["alertname", "cluster", label],
      groupWait: "30s",
      groupInterval: "5m",
      repeatInterval: "4h",
      routes: teams.map((t) => ({
        matchers: [`${label}=${JSON.stringify(t.labelValue)}`],
        receiver: `${t.slug}-chat`,
        routes: [
          { matchers: ['severity="critical"'], receiver: `${t.slug}-pager`, repeatInterval: "1h" },
          { matchers: ['severity="info"'], receiver: `${t.slug}-tickets`, repeatInterval: "24h", activeTimeIntervals: ["business-hours"] },
        ],
      })),
    },
    receivers,
    timeIntervals: [{ name: "business-hours", intervals: [{ weekdays: ["monday:friday"], times: [{ start: "09:00", end: "18:00" }], location: "UTC" }] }],
    inhibitRules: [
      { sourceMatchers: ['alertname="GpuThermalThrottling"'], targetMatchers: ['alertname="InferenceLatencyHigh"'], equal: ["cluster"] },
      { sourceMatchers: ['severity="critical"'], targetMatchers: ['severity="warning"'], equal: ["alertname", "cluster", "instance", "gpu"] },
      { sourceMatchers: ['alertname="ExporterTargetDown"'], targetMatchers: ['alertname="GpuMetricsAbsent"'], equal: [] },
    ],
  };
}

/** One apply (or failed apply) of the routing tree, as the history lists it. */
export const RoutingVersionViewSchema = z.object({
  id: z.number().int(),
  status: z.enum(["applied", "failed"]),
  error: z.string().nullable(),
  appliedBy: z.string(),
  appliedAt: z.number(),
  rollbackOf: z.number().int().nullable(),
  message: z.string().nullable(),
  sha256: z.string(),
});
export type RoutingVersionView = z.infer<typeof RoutingVersionViewSchema>;
