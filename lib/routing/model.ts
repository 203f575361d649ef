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

/** Where a secret is: an environment variable of the console, or a file Alertmanager reads. */
export const SecretRefSchema = z.union([z.object({ env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, { error: "an environment variable name" }) }), z.object({ file: z.string().startsWith("/", { error: "an absolute path" }) })]);
export type SecretRef = z.infer<typeof SecretRefSchema>;

export const ReceiverSchema = z.discriminatedUnion("kind", [
  z.object({ name: Name, kind: z.literal("slack"), channel: z.string().min(1), apiUrl: SecretRefSchema, sendResolved: z.boolean().default(true) }),
  z.object({ name: Name, kind: z.literal("pagerduty"), routingKey: SecretRefSchema, sendResolved: z.boolean().default(true) }),
  z.object({ name: Name, kind: z.literal("webhook"), url: z.url({ protocol: /^https?$/ }), sendResolved: z.boolean().default(true) }),
  z.object({ name: Name, kind: z.literal("email"), to: z.email(), sendResolved: z.boolean().default(false) }),
  z.object({ name: Name, kind: z.literal("opsgenie"), apiKey: SecretRefSchema, sendResolved: z.boolean().default(true) }),
  /** No integration (a sink for alerts nobody must get, or one not configured yet). */
  z.object({ name: Name, kind: z.literal("none") }),
]);
export type Receiver = z.infer<typeof ReceiverSchema>;

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

const HHMM = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, { error: "HH:MM" });
export const TimeIntervalSchema = z.object({
  name: Name,
  intervals: z
    .array(
      z.object({
        times: z.array(z.object({ start: HHMM, end: HHMM })).optional(),
        weekdays: z.array(z.string().regex(/^[a-z]+(:[a-z]+)?$/, { error: "a weekday or range, e.g. monday:friday" })).optional(),
        daysOfMonth: z.array(z.string()).optional(),
        months: z.array(z.string()).optional(),
        years: z.array(z.string()).optional(),
        location: z.string().optional(),
      }),
    )
    .min(1),
});

export const InhibitRuleSchema = z.object({ sourceMatchers: z.array(MatcherText).min(1), targetMatchers: z.array(MatcherText).min(1), equal: z.array(z.string()).default([]) });

export const RoutingModelSchema = z
  .object({
    route: z.object({ receiver: Name }).and(RouteNodeSchema),
    receivers: z.array(ReceiverSchema).min(1),
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
export type RoutingModel = z.infer<typeof RoutingModelSchema>;
export type RoutingModelInput = z.input<typeof RoutingModelSchema>;

/**
 * The sensible start: for each team, its alerts (by its label value) go to its chat;
 * critical pages its on-call, info opens a ticket. Alerts of no team go to the platform's chat.
 */
export function defaultRouting(teams: { slug: string; labelValue: string }[], label = "team"): RoutingModelInput {
  const receivers = teams.flatMap((t) => ["pager", "chat", "tickets"].map((kind) => ({ name: `${t.slug}-${kind}`, kind: "none" as const })));
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
          { matchers: ['severity="info"'], receiver: `${t.slug}-tickets`, repeatInterval: "24h" },
        ],
      })),
    },
    receivers,
  };
}
