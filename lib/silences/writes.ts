import "server-only";
import type { Matcher } from "@/lib/alerting/silences";
import { AppError } from "@/lib/api/errors";
import { getPrisma } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/db/generated/client";
import { current, toView } from "./repo-reads";
import { createSilence, editSilence, expireSilence, type Actor, type SaveOptions } from "./repo";
import { checkSilenceRules, checkTeamScope, EXTEND_MS, SilenceRuleError, startOfEdit, startOfNew, type SilenceEdit, type SilenceInput, type SilenceView } from "./schema";

/**
 * Every write of a silence (a request's, a maintenance window's, a test's): the rules —
 * Alertmanager's, the team rule, the guardrail's confirmation — checked once, here, then
 * the repository writes what it is given. No Next.js import: replicas run it as scripts.
 */
/** Alertmanager's rules and the team rule, as the API's 400 and 403: every write path checks them once, here. */
export function checkRules(input: { matchers: Matcher[]; startsAt: number; endsAt: number }, actor: Actor, scopeLabel: string, nowMs: number): void {
  asAppError(() => checkSilenceRules(input, nowMs), "request:invalid");
  asAppError(() => checkTeamScope(input.matchers, actor.scope, scopeLabel), "auth:forbidden");
}

function asAppError(check: () => void, code: "request:invalid" | "auth:forbidden"): void {
  try {
    check();
  } catch (error) {
    throw error instanceof SilenceRuleError ? new AppError(code, error.message) : error;
  }
}

/** A scoped actor touches only silences that already carry one of their teams (403 otherwise). */
function mayTouch(silence: Pick<SilenceView, "id" | "matchers">, actor: Actor, scopeLabel: string): void {
  try {
    checkTeamScope(silence.matchers, actor.scope, scopeLabel);
  } catch {
    throw new AppError("auth:forbidden", `Silence ${silence.id} is not one of your teams' silences`);
  }
}

export type Confirmation = { reason: string; concerns: string[] } | null;
/** What a write takes: where to sync, the team label, and (for a request) the guardrail's confirmation, asked after the rules pass. */
export type WriteOptions = Omit<SaveOptions, "confirmation"> & { scopeLabel: string; confirm?: () => Promise<Confirmation> };

async function saveOptions(opts: WriteOptions): Promise<SaveOptions> {
  const { confirm, scopeLabel: _scopeLabel, ...rest } = opts;
  return { ...rest, confirmation: confirm ? await confirm() : null };
}

/** A new silence: the rules, then the guardrail's confirmation, then Postgres (the repo writes what it is given). */
export async function createChecked(input: SilenceInput, actor: Actor, opts: WriteOptions, db?: PrismaClient) {
  const nowMs = opts.nowMs ?? Date.now();
  checkRules({ matchers: input.matchers, startsAt: startOfNew(input.startsAt, nowMs), endsAt: input.endsAt }, actor, opts.scopeLabel, nowMs);
  return createSilence(input, actor, await saveOptions({ ...opts, nowMs }), db);
}

/** An edit of a silence the actor may touch, checked against the start it will have (an active silence keeps its own). */
export async function editChecked(id: string, edit: SilenceEdit, actor: Actor, opts: WriteOptions & { action?: "edited" | "extended" }, db: PrismaClient = getPrisma()) {
  const nowMs = opts.nowMs ?? Date.now();
  const now = toView(await current(id, db), nowMs);
  mayTouch(now, actor, opts.scopeLabel);
  checkRules({ matchers: edit.matchers, startsAt: startOfEdit(now, edit.startsAt, nowMs), endsAt: edit.endsAt }, actor, opts.scopeLabel, nowMs);
  return editSilence(id, edit, actor, { ...(await saveOptions({ ...opts, nowMs })), action: opts.action }, db);
}

/** +1 h, +4 h, +1 d from the later of now and the current end; past the guardrail's maximum it is an edit with a confirmation. */
export async function extendChecked(id: string, req: { version: number; by: keyof typeof EXTEND_MS }, actor: Actor, opts: WriteOptions & { maxDurationMs?: number }, db: PrismaClient = getPrisma()) {
  const nowMs = opts.nowMs ?? Date.now();
  const now = toView(await current(id, db), nowMs);
  mayTouch(now, actor, opts.scopeLabel);
  const endsAt = Math.max(now.endsAt, nowMs) + EXTEND_MS[req.by];
  if (opts.maxDurationMs !== undefined && endsAt - Math.max(now.startsAt, nowMs) > opts.maxDurationMs) {
    throw new AppError("request:unprocessable", `by: extended by ${req.by} it would run longer than ${Math.round(opts.maxDurationMs / 3_600_000)} h; edit its end and confirm it instead`);
  }
  const edit = { matchers: now.matchers, startsAt: now.startsAt, endsAt, comment: now.comment, ticketUrl: now.ticketUrl, version: req.version };
  return editChecked(id, edit, actor, { ...opts, nowMs, action: "extended" }, db);
}

/** Expires a silence the actor may touch (idempotent on an expired one; a stale version → 409). */
export async function expireChecked(id: string, req: { version: number }, actor: Actor, opts: { scopeLabel: string; nowMs?: number }, db: PrismaClient = getPrisma()) {
  mayTouch(toView(await current(id, db)), actor, opts.scopeLabel);
  return expireSilence(id, req, actor, { nowMs: opts.nowMs }, db);
}

