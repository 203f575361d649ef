import "server-only";
import { alertmanagerUrls, getEnv } from "@/lib/api/env";
import { AppError } from "@/lib/api/errors";
import { parseBody } from "@/lib/api/zod";
import { collectAlerts } from "@/lib/alerting/alerts-service";
import { systemActor } from "@/lib/audit/model";
import { labelScopeOf, type Principal } from "@/lib/auth/principal";
import type { Annotation } from "@/lib/annotations/schema";
import { listAnnotations } from "@/lib/annotations/repo";
import { claimOccurrence, createWindow, deleteWindow, dropOccurrences, getWindow, listOccurrences, listWindows, recordOccurrence, updateWindow, type WindowRow } from "./repo";
import { silenceStates, silenceVersion } from "@/lib/silences/repo-reads";
import type { Actor } from "@/lib/silences/repo";
import { LABEL_SPELLINGS } from "@/lib/metrics/labels";
import { confirmationFor } from "@/lib/silences/guard-service";
import { coverageOf } from "@/lib/silences/guardrails";
import { actorOf, syncSoon } from "@/lib/silences/service";
import { checkRules, createChecked, expireChecked } from "@/lib/silences/writes";
import { z } from "zod";
import { MaintenanceEditSchema, MaintenanceInputSchema, occurrenceComment, occurrencesToCancel, type MaintenanceInput, type MaintenanceView } from "./model";
import { describeSchedule, occurrences } from "./schedule";

/**
 * Maintenance windows: stored in Postgres; each pass of the silence loop (and every save)
 * makes the silence of every occurrence due within MAINTENANCE_LOOKAHEAD_HOURS — a Silence
 * row like any other, written to every Alertmanager by the reconciler, pending there until
 * the occurrence begins and expired by Alertmanager when it ends.
 */
const WEEK_MS = 7 * 86_400_000;

const actorName = (w: { name: string }) => `maintenance window "${w.name}"`;

/** Makes the silences of the occurrences due (all windows, or one); returns how many were made and failed. */
export async function materialize(opts: { nowMs?: number; windowIds?: string[] } = {}): Promise<{ made: number; failed: number }> {
  const env = getEnv();
  const nowMs = opts.nowMs ?? Date.now();
  const toMs = nowMs + env.MAINTENANCE_LOOKAHEAD_HOURS * 3_600_000;
  const windows = (await listWindows()).filter((w) => !opts.windowIds || opts.windowIds.includes(w.id));
  // What earlier passes made (one read), so a pass with nothing due writes nothing. One
  // left without a silence (its attempt failed, or its pass died) is claimed again.
  const known = new Set((await listOccurrences({ fromMs: nowMs - 7 * 86_400_000, toMs })).filter((o) => o.silenceId).map((o) => `${o.windowId}@${o.startsAt}`));
  let made = 0;
  let failed = 0;
  for (const w of windows) {
    for (const o of occurrences(w.schedule, nowMs, toMs, { untilMs: w.until, max: 200 })) {
      if (known.has(`${w.id}@${o.startsAt}`) || !(await claimOccurrence(w.id, o.startsAt, o.endsAt, nowMs))) continue;
      try {
        const silence = await createChecked(
          { matchers: w.matchers.map((m) => ({ ...m })), startsAt: Math.max(o.startsAt, nowMs), endsAt: o.endsAt, comment: occurrenceComment(w.name, w.comment) },
          { ...systemActor(actorName(w)), scope: null },
          { alertmanagers: alertmanagerUrls(env), scopeLabel: env.SCOPE_LABEL, nowMs },
        );
        await recordOccurrence(w.id, o.startsAt, { silenceId: silence.id });
        made++;
      } catch (error) {
        await recordOccurrence(w.id, o.startsAt, { error: (error as Error).message });
        failed++;
      }
    }
  }
  return { made, failed };
}

/** Expires the silences of a window's occurrences that have not begun and forgets them (the new schedule makes them again). */
async function cancelFuture(w: WindowRow, by: Actor, nowMs: number): Promise<void> {
  const env = getEnv();
  const future = occurrencesToCancel(await listOccurrences({ fromMs: nowMs, toMs: Number.MAX_SAFE_INTEGER / 2, windowId: w.id }), nowMs);
  for (const o of future) {
    const version = o.silenceId ? await silenceVersion(o.silenceId) : null;
    if (o.silenceId && version !== null) await expireChecked(o.silenceId, { version }, by, { scopeLabel: env.SCOPE_LABEL, nowMs });
  }
  await dropOccurrences(w.id, future.map((o) => o.startsAt));
}

/** A window obeys the silence rules (no match-everything regex, a developer only for their team) and, if broad, is confirmed. */
async function checked(principal: Principal, actor: Actor, input: MaintenanceInput, nowMs: number) {
  const first = occurrences(input.schedule, nowMs, nowMs + 366 * 86_400_000, { untilMs: input.until, max: 1 })[0];
  if (!first) throw new AppError("request:invalid", "schedule: no occurrence in the coming year (it is over, or until is before its first start)");
  checkRules({ matchers: input.matchers, startsAt: Math.max(first.startsAt, nowMs), endsAt: first.endsAt }, actor, getEnv().SCOPE_LABEL, nowMs);
  return confirmationFor(principal, { matchers: input.matchers, startsAt: first.startsAt, endsAt: first.endsAt, confirm: input.confirm });
}

/** A developer may touch only windows that name their team, as with silences. */
function ownOrForbidden(w: WindowRow, actor: Actor) {
  try {
    checkRules({ matchers: w.matchers, startsAt: Date.now(), endsAt: Date.now() + 60_000 }, actor, getEnv().SCOPE_LABEL, Date.now());
  } catch (error) {
    if (error instanceof AppError && error.status === 403) throw new AppError("auth:forbidden", `Maintenance window ${w.id} is not one of your teams' windows`);
    throw error;
  }
}

export async function createFromRequest(principal: Principal, body: unknown): Promise<MaintenanceView> {
  const input = parseBody(MaintenanceInputSchema, body);
  const actor = await actorOf(principal);
  const nowMs = Date.now();
  const confirmation = await checked(principal, actor, input, nowMs);
  const w = await createWindow(input, actor, confirmation ? { confirmation } : {});
  await materialize({ nowMs, windowIds: [w.id] });
  await syncSoon();
  return (await views([w], null, Date.now()))[0]!;
}

export async function updateFromRequest(principal: Principal, id: string, body: unknown): Promise<MaintenanceView> {
  const edit = parseBody(MaintenanceEditSchema, body);
  const actor = await actorOf(principal);
  const nowMs = Date.now();
  ownOrForbidden(await getWindow(id), actor);
  const confirmation = await checked(principal, actor, edit, nowMs);
  const { after } = await updateWindow(id, edit, actor, confirmation ? { confirmation } : {});
  // Begun and past occurrences keep their silences; the rest follow the new schedule.
  await cancelFuture(after, actor, nowMs);
  await materialize({ nowMs, windowIds: [id] });
  await syncSoon();
  return (await views([after], null, Date.now()))[0]!;
}

export async function deleteFromRequest(principal: Principal, id: string, body: unknown): Promise<{ deleted: string }> {
  const { version } = parseBody(z.object({ version: z.number().int().positive({ error: "the version you read" }) }), body);
  const actor = await actorOf(principal);
  const w = await getWindow(id);
  ownOrForbidden(w, actor);
  await deleteWindow(id, version, actor);
  await cancelFuture(w, actor, Date.now());
  await syncSoon();
  return { deleted: id };
}

/** Windows with their coming week and what each would suppress now; a developer sees their teams' windows. */
export async function listFromRequest(principal: Principal): Promise<MaintenanceView[]> {
  const scope = await labelScopeOf(principal);
  const label = getEnv().SCOPE_LABEL;
  const windows = (await listWindows()).filter((w) => !scope || w.matchers.some((m) => m.name === label && m.isEqual && !m.isRegex && scope.includes(m.value)));
  return views(windows, scope, Date.now());
}

async function views(windows: WindowRow[], scope: string[] | null, nowMs: number): Promise<MaintenanceView[]> {
  const env = getEnv();
  const [collected, made] = await Promise.all([collectAlerts(scope), listOccurrences({ fromMs: nowMs, toMs: nowMs + WEEK_MS })]);
  const states = await silenceStates(made.map((o) => o.silenceId).filter((x): x is string => !!x), nowMs);
  const key = (windowId: string, startsAt: number) => `${windowId}@${startsAt}`;
  const byKey = new Map(made.map((o) => [key(o.windowId, o.startsAt), o]));
  return windows.map((w) => ({
    ...w,
    describe: describeSchedule(w.schedule),
    upcoming: occurrences(w.schedule, nowMs, nowMs + WEEK_MS, { untilMs: w.until, max: 50 }).map((o) => {
      const row = byKey.get(key(w.id, o.startsAt));
      return { ...o, silenceId: row?.silenceId ?? null, silenceState: row?.silenceId ? (states.get(row.silenceId) ?? null) : null, lastError: row?.lastError ?? null };
    }),
    covers: collected.answered > 0 ? coverageOf(w.matchers, collected.alerts, { host: LABEL_SPELLINGS[env.LABEL_SPELLING].host, team: env.SCOPE_LABEL }) : null,
  }));
}

/** Occurrences as bands on the charts: the ones that happened (as made), and the coming ones (from the schedules). */
export async function maintenanceBands(fromMs: number, toMs: number, nowMs = Date.now()): Promise<{ windowId: string; name: string; startsAt: number; endsAt: number; createdBy: string }[]> {
  const windows = await listWindows();
  const byId = new Map(windows.map((w) => [w.id, w]));
  const past = (await listOccurrences({ fromMs, toMs })).filter((o) => o.startsAt <= nowMs && o.silenceId);
  const coming = toMs > nowMs ? windows.flatMap((w) => occurrences(w.schedule, Math.max(fromMs, nowMs), toMs, { untilMs: w.until, max: 50 }).filter((o) => o.startsAt > nowMs).map((o) => ({ ...o, windowId: w.id }))) : [];
  return [...past, ...coming]
    .filter((o) => byId.has(o.windowId))
    .map((o) => ({ windowId: o.windowId, name: byId.get(o.windowId)!.name, startsAt: o.startsAt, endsAt: o.endsAt, createdBy: byId.get(o.windowId)!.createdBy }));
}

/** The dashboards' annotations of a window of time, with the maintenance occurrences in it as bands tagged "maintenance". */
export async function annotationsWithMaintenance(q: { from: number; to: number; dashboardId?: string }): Promise<Annotation[]> {
  const [annotations, bands] = await Promise.all([listAnnotations(q), maintenanceBands(q.from, q.to)]);
  const maintenance: Annotation[] = bands.map((b) => ({
    id: `maintenance:${b.windowId}:${b.startsAt}`,
    startsAt: b.startsAt,
    endsAt: b.endsAt,
    text: `Maintenance: ${b.name}`,
    tags: ["maintenance"],
    dashboardId: null,
    authorName: b.createdBy,
    createdAt: b.startsAt,
    kind: "maintenance",
  }));
  return [...annotations, ...maintenance].sort((a, b) => a.startsAt - b.startsAt);
}
