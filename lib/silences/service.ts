import "server-only";
import { createHash } from "node:crypto";
import { AppError, errorResponse } from "@/lib/api/errors";
import { readJsonBody } from "@/lib/api/request";
import { alertmanagerUrls, getEnv } from "@/lib/api/env";
import { parseBody } from "@/lib/api/zod";
import { apiPrincipal, labelScopeOf, type Principal } from "@/lib/auth/principal";
import { getSilence, listSilences } from "./repo-reads";
import type { Actor } from "./repo";
import { ExtendSchema, SilenceEditSchema, SilenceInputSchema, silenceVisibleTo, startOfNew } from "./schema";
import { checkRules, createChecked, editChecked, expireChecked, extendChecked, type Confirmation, type WriteOptions } from "./writes";
import { confirmationFor, guardrailPolicy, reviewSilence } from "./guard-service";
import { reconcile } from "./sync";
import { z } from "zod";

/**
 * What the silence routes call: parse the body (400 naming the field), act in Postgres,
 * then give Alertmanager a moment (a sync pass, bounded) so the answer says whether the
 * copies are written. If an Alertmanager is down the silence is saved and stays pending;
 * the reconciler writes it when it is back.
 */
const SYNC_WAIT_MS = 3_000;

/** Who acts, scoped by their teams' `team` label values (what silence matchers carry). */
export async function actorOf(principal: Principal): Promise<Actor> {
  return { kind: principal.kind, id: principal.id, name: principal.name, scope: await labelScopeOf(principal) };
}

function opts(confirm?: () => Promise<Confirmation>): WriteOptions {
  const env = getEnv();
  return { alertmanagers: alertmanagerUrls(env), scopeLabel: env.SCOPE_LABEL, confirm };
}

/** One sync pass, waited for at most SYNC_WAIT_MS; it goes on in the background if slower. */
export async function syncSoon(): Promise<void> {
  const pass = reconcile({ alertmanagers: alertmanagerUrls() }).catch((error) => console.error("silence sync:", (error as Error).message));
  await Promise.race([pass, new Promise((resolve) => setTimeout(resolve, SYNC_WAIT_MS))]);
}

/** The form's preview: the same rules as a save (so a developer learns nothing of other teams' alerts), then what it covers. */
export async function previewFromRequest(principal: Principal, body: unknown) {
  const input = parseBody(SilenceInputSchema.pick({ matchers: true, startsAt: true, endsAt: true }), body);
  const nowMs = Date.now();
  checkRules({ matchers: input.matchers, startsAt: startOfNew(input.startsAt, nowMs), endsAt: input.endsAt }, await actorOf(principal), getEnv().SCOPE_LABEL, nowMs);
  return reviewSilence(principal, input);
}

const IdempotencyKeySchema = z.string().regex(/^[\x21-\x7e]{1,200}$/, { error: "Idempotency-Key: 1 to 200 printable characters" });

/** The key a client sent with a create, scoped to who sent it, with a digest of what it asked. */
function idempotencyOf(principal: Principal, header: string | null, body: unknown) {
  if (header === null) return null;
  const parsed = IdempotencyKeySchema.safeParse(header);
  if (!parsed.success) throw new AppError("request:invalid", parsed.error.issues[0]!.message);
  return { owner: `${principal.kind}:${principal.id}`, key: parsed.data, requestHash: createHash("sha256").update(JSON.stringify(body)).digest("hex") };
}

/** A create; with an Idempotency-Key, a retry of it answers the first silence (`replayed`) instead of making another. */
export async function createFromRequest(principal: Principal, body: unknown, idempotencyKey: string | null = null) {
  const input = parseBody(SilenceInputSchema, body);
  const actor = await actorOf(principal);
  const idempotency = idempotencyOf(principal, idempotencyKey, body);
  const silence = await createChecked(input, actor, { ...opts(() => confirmationFor(principal, input)), idempotency });
  if (!silence.replayed) await syncSoon();
  return { silence: (await getSilence(silence.id)).silence, replayed: silence.replayed === true };
}

export async function editFromRequest(principal: Principal, id: string, body: unknown) {
  const input = parseBody(SilenceEditSchema, body);
  const actor = await actorOf(principal);
  const silence = await editChecked(id, input, actor, opts(() => confirmationFor(principal, input)));
  await syncSoon();
  return (await getSilence(silence.id)).silence;
}

export async function extendFromRequest(principal: Principal, id: string, body: unknown) {
  const silence = await extendChecked(id, parseBody(ExtendSchema, body), await actorOf(principal), { ...opts(), maxDurationMs: guardrailPolicy().maxDurationMs });
  await syncSoon();
  return (await getSilence(silence.id)).silence;
}

export async function expireFromRequest(principal: Principal, id: string, body: unknown) {
  const silence = await expireChecked(id, parseBody(z.object({ version: z.number().int().positive({ error: "the version you read" }) }), body), await actorOf(principal), opts());
  await syncSoon();
  return (await getSilence(silence.id)).silence;
}

/** One silence with its history; a developer only their teams' (403 otherwise, as the list hides it). */
export async function getFromRequest(principal: Principal, id: string) {
  const found = await getSilence(id);
  if (!silenceVisibleTo(found.silence, await labelScopeOf(principal), getEnv().SCOPE_LABEL)) throw new AppError("auth:forbidden", `Silence ${id} is not one of your teams' silences`);
  return found;
}

const ListQuerySchema = z.object({ state: z.enum(["active", "pending", "expired"]).optional(), q: z.string().max(200).optional() });

export async function listFromRequest(principal: Principal, params: URLSearchParams) {
  const q = parseBody(ListQuerySchema, Object.fromEntries(params));
  return listSilences({ ...q, scope: await labelScopeOf(principal), scopeLabel: getEnv().SCOPE_LABEL });
}

/** The route of a silence action (`POST /api/silences/{id}/expire|extend`): developer and up, JSON body, the action's answer. */
export function silenceActionRoute(route: "/api/silences/[id]/expire" | "/api/silences/[id]/extend", action: (principal: Principal, id: string, body: unknown) => Promise<unknown>) {
  return async (request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> => {
    try {
      const principal = await apiPrincipal(request, route, "POST");
      return Response.json({ silence: await action(principal, (await params).id, await readJsonBody(request)) });
    } catch (error) {
      return errorResponse(error);
    }
  };
}
