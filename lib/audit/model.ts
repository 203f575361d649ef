import { z } from "zod";

/** Who wrote: a signed-in user, an API token, or the console itself (seed, imports, the CLI). */
export interface AuditActor {
  kind: "session" | "token" | "system";
  /** The user's or token's id; null for the system. */
  id: string | null;
  name: string;
}

export function systemActor(name: string): AuditActor {
  return { kind: "system", id: null, name };
}

/** What the log records, one line per write: "<target type>.<verb>" on one record. */
export const AUDIT_TARGETS = ["silence", "maintenance", "runbook", "routing", "receiver", "user", "team", "membership", "token", "annotation", "prices"] as const;
export type AuditTarget = (typeof AUDIT_TARGETS)[number];

export interface AuditEntry {
  action: `${AuditTarget}.${string}`;
  targetId: string;
  before?: unknown;
  after?: unknown;
}

/** One entry of the audit log as the API shows it (secrets redacted); the browser's client validates it. */
export const AuditEventViewSchema = z.object({
  id: z.string(),
  at: z.number(),
  actorKind: z.enum(["session", "token", "system"]),
  actorId: z.string().nullable(),
  actorName: z.string(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});
export type AuditEventView = z.infer<typeof AuditEventViewSchema>;

/** Keys whose values never enter the log: credentials, and URLs that carry them (a Slack webhook is its own secret). */
const SECRET_KEY = /pass(word)?|secret|token|(api|routing|service|user)_?key|authorization|credential|hash|bearer|^(api_?|webhook_?)?url(_file)?$|^stored$/i;
export const REDACTED = "‹redacted›";
export const REDACTED_CHANGED = "‹redacted, changed›";

function redactOne(value: unknown, other: unknown, markChange: boolean): unknown {
  if (Array.isArray(value)) return value.map((v, i) => redactOne(v, Array.isArray(other) ? other[i] : undefined, markChange));
  if (value && typeof value === "object") {
    const o = other && typeof other === "object" && !Array.isArray(other) ? (other as Record<string, unknown>) : {};
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => {
        if (SECRET_KEY.test(k) && v !== null && v !== undefined && v !== "") {
          const changed = markChange && JSON.stringify(v) !== JSON.stringify(o[k]);
          return [k, changed ? REDACTED_CHANGED : REDACTED];
        }
        return [k, redactOne(v, o[k], markChange)];
      }),
    );
  }
  return value;
}

/**
 * Before and after with every secret replaced: the log says a secret changed
 * ("‹redacted, changed›") without ever holding it.
 */
export function redactPair(before: unknown, after: unknown): { before: unknown; after: unknown } {
  return { before: redactOne(before, undefined, false), after: redactOne(after, before, before !== undefined && before !== null) };
}

/** The admin's filters over the log (all optional; the URL of /admin/audit carries them). */
export const AuditFiltersSchema = z.object({
  actor: z.string().trim().max(200).optional().catch(undefined),
  action: z.string().trim().max(100).optional().catch(undefined),
  targetType: z.enum(AUDIT_TARGETS).optional().catch(undefined),
  targetId: z.string().trim().max(300).optional().catch(undefined),
  /** Epoch milliseconds. */
  from: z.coerce.number().int().positive().optional().catch(undefined),
  to: z.coerce.number().int().positive().optional().catch(undefined),
  /** Keyset pagination: events older than this id. */
  before: z.string().regex(/^\d{1,19}$/).optional().catch(undefined),
  limit: z.coerce.number().int().min(1).max(500).default(100).catch(100),
});
export type AuditFilters = z.infer<typeof AuditFiltersSchema>;

/** Filters from URL search params ("" and unknown values dropped rather than refused: it is a browse page). */
export function auditFiltersFrom(params: URLSearchParams): AuditFilters {
  const raw: Record<string, string> = {};
  for (const [k, v] of params) if (v !== "") raw[k] = v;
  return AuditFiltersSchema.parse(raw);
}

/** The top-level keys whose values differ between before and after: what the log's row shows changed. */
export function changedKeys(before: unknown, after: unknown): string[] {
  const b = before && typeof before === "object" && !Array.isArray(before) ? (before as Record<string, unknown>) : {};
  const a = after && typeof after === "object" && !Array.isArray(after) ? (after as Record<string, unknown>) : {};
  return [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k])).sort();
}
