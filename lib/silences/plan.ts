import type { Silence as AmSilence } from "@/lib/alerting/silences";
import type { Matcher } from "@/lib/alerting/silences";
import { consoleSilenceId, markedComment, sameMatchers } from "./schema";

/**
 * The silence reconcile as a plan (pure): what one Alertmanager holds against what
 * Postgres wants, turned into steps; lib/silences/sync.ts applies them. Postgres is the
 * source of truth:
 * - a silence active in Postgres has exactly one live copy here (created, updated, or
 *   recreated when the Alertmanager lost it; a second copy is expired);
 * - a silence expired in Postgres has none (every copy expired, recorded or not);
 * - a copy expired here before its end (amtool, the UI) with nothing pending expires the
 *   silence in Postgres too;
 * - what nobody recorded is imported when it is no console's (no `[console silence …]`
 *   mark), else left to its owner's check.
 */
export interface DesiredSilence {
  id: string;
  matchers: Matcher[];
  startsAt: number;
  endsAt: number;
  comment: string;
  origin: "console" | "external";
  expiredAt: number | null;
  createdBy: string;
  updatedBy: string;
  /** Its copy row for this Alertmanager. */
  copy: { amId: string | null; pastIds: string[]; state: string };
  /** Every id it ever had in any Alertmanager (an HA cluster gossips them). */
  allIds: string[];
}

export interface PostPayload {
  id?: string;
  matchers: Matcher[];
  startsAt: number;
  endsAt: number;
  createdBy: string;
  comment: string;
}

export type SilenceStep =
  | { kind: "expire"; amId: string; why: "expired" | "duplicate" }
  | { kind: "post"; payload: PostPayload }
  | { kind: "expiredInAlertmanager"; amId: string; atMs: number };

export type Outcome = "created" | "recreated" | "updated" | "expired" | "expiredInAlertmanager" | "unchanged";

export interface SilencePlan {
  silenceId: string;
  steps: SilenceStep[];
  /** The copy row to write as synced: its id (`posted`: the id the post answers) and ids to add to its past. */
  record: { amId: string | null | "posted"; pastIds: string[] } | null;
  outcome: Outcome;
  duplicates: number;
}

/** What the console considers equal in time (Alertmanager keeps ms; JSON round trips may not). */
export const SAME_MS = 1_000;

/** The comment a silence's copy carries: console silences name themselves; imported ones keep theirs. */
export const commentInAm = (s: Pick<DesiredSilence, "id" | "comment" | "origin">) => (s.origin === "external" ? s.comment : markedComment(s.comment, s.id));

/** An Alertmanager's silences, indexed by id and by the console silence their comment names. */
export interface Listing {
  byId: Map<string, AmSilence>;
  byMark: Map<string, AmSilence[]>;
}

export function indexListing(listed: AmSilence[]): Listing {
  const byMark = new Map<string, AmSilence[]>();
  for (const a of listed) {
    const id = consoleSilenceId(a.comment);
    if (id) byMark.set(id, [...(byMark.get(id) ?? []), a]);
  }
  return { byId: new Map(listed.map((a) => [a.id, a])), byMark };
}

/** Its copies here: by an id it had, or by its name in the comment, each once. */
export function copiesOf(s: Pick<DesiredSilence, "id" | "allIds">, listing: Listing): AmSilence[] {
  const found = [...s.allIds.map((id) => listing.byId.get(id)), ...(listing.byMark.get(s.id) ?? [])].filter((c): c is AmSilence => !!c);
  return [...new Map(found.map((c) => [c.id, c])).values()];
}

export function planSilence(s: DesiredSilence, listing: Listing, nowMs: number): SilencePlan {
  const copies = copiesOf(s, listing);
  const live = copies.filter((c) => c.status.state !== "expired");
  const plan = (steps: SilenceStep[], outcome: Outcome, record: SilencePlan["record"], duplicates = 0): SilencePlan => ({ silenceId: s.id, steps, outcome, record, duplicates });

  if (!(s.expiredAt === null && s.endsAt > nowMs)) {
    // Expired means expired: every copy of it here, recorded or not.
    const last = live.find((c) => c.id === s.copy.amId) ?? live[0];
    const record = s.copy.state !== "synced" || (last && s.copy.amId !== last.id) ? { amId: last?.id ?? s.copy.amId, pastIds: live.map((c) => c.id) } : null;
    return plan(
      live.map((c) => ({ kind: "expire", amId: c.id, why: "expired" })),
      live.length > 0 ? "expired" : "unchanged",
      record,
    );
  }

  // One copy kept (the recorded one if it is live), every other live copy expired.
  const keeper = live.find((c) => c.id === s.copy.amId) ?? live[0];
  const extra = live.filter((c) => c !== keeper);
  const dropped: SilenceStep[] = extra.map((c) => ({ kind: "expire", amId: c.id, why: "duplicate" }));
  const extraIds = extra.map((c) => c.id);

  if (keeper) {
    const same = sameMatchers(keeper.matchers, s.matchers) && Math.abs(Date.parse(keeper.endsAt) - s.endsAt) < SAME_MS && keeper.comment === commentInAm(s);
    if (same) {
      const record = s.copy.state !== "synced" || s.copy.amId !== keeper.id || extra.length > 0 ? { amId: keeper.id, pastIds: extraIds } : null;
      return plan(dropped, "unchanged", record, extra.length);
    }
    const payload = { id: keeper.id, matchers: s.matchers, startsAt: s.startsAt, endsAt: s.endsAt, createdBy: s.updatedBy, comment: commentInAm(s) };
    return plan([...dropped, { kind: "post", payload }], "updated", { amId: "posted", pastIds: [...extraIds, keeper.id] }, extra.length);
  }

  const recorded = copies.find((c) => c.id === s.copy.amId);
  if (recorded && s.copy.state === "synced" && Date.parse(recorded.endsAt) < s.endsAt - SAME_MS) {
    // Expired in Alertmanager itself (amtool, its UI) before its end, with nothing pending here: respect it.
    return plan([{ kind: "expiredInAlertmanager", amId: recorded.id, atMs: Date.parse(recorded.endsAt) }], "expiredInAlertmanager", { amId: recorded.id, pastIds: [] });
  }

  // Not there (never written, or the Alertmanager lost its state): create it, keep the new id.
  const payload = { matchers: s.matchers, startsAt: Math.max(s.startsAt, nowMs), endsAt: s.endsAt, createdBy: s.createdBy, comment: commentInAm(s) };
  return plan([{ kind: "post", payload }], s.copy.amId !== null ? "recreated" : "created", { amId: "posted", pastIds: [] });
}

/** The ids a copy row keeps as its past once `amId` is its id now. */
export function mergePastIds(copy: { amId: string | null; pastIds: string[] }, amId: string | null, more: string[]): string[] {
  const past = new Set([...copy.pastIds, ...more]);
  if (copy.amId && copy.amId !== amId) past.add(copy.amId);
  if (amId) past.delete(amId);
  return [...past];
}

/**
 * What this Alertmanager holds live that no silence recorded: made with amtool or its UI
 * (no mark) is imported; a console copy of a silence not loaded is its owner's to check
 * (expired when the silence exists, left alone when another console's database has it).
 */
export function planStrays(listed: AmSilence[], recorded: Set<string>, loaded: Set<string>): { imports: AmSilence[]; owned: { copy: AmSilence; owner: string }[] } {
  const imports: AmSilence[] = [];
  const owned: { copy: AmSilence; owner: string }[] = [];
  for (const a of listed) {
    if (a.status.state === "expired" || recorded.has(a.id)) continue;
    const owner = consoleSilenceId(a.comment);
    if (owner === null) imports.push(a);
    else if (!loaded.has(owner)) owned.push({ copy: a, owner });
  }
  return { imports, owned };
}
