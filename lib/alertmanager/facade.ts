import "server-only";
import { z } from "zod";
import { parseFilter } from "@/lib/alerting/alerts";
import { AppError } from "@/lib/api/errors";
import { alertmanagerUrls, getEnv } from "@/lib/api/env";
import { labelScopeOf, type Principal } from "@/lib/auth/principal";
import { hasRole } from "@/lib/auth/roles";
import { consoleSilenceIds, listSilences } from "@/lib/silences/repo-reads";
import { createFromRequest, editFromRequest, expireFromRequest, getFromRequest } from "@/lib/silences/service";
import { AlertGroupSchema, definedStatus, GettableAlertSchema, gettableSilence, mergeAlerts, scopeAlertGroups, scopeAmAlerts, silenceIdsOf, silenceMatchesFilters, sortSilences } from "./api-v2";
import { amGetJson } from "./client";

/**
 * Alertmanager's API v2 served by the console (`/api/alertmanager/default/api/v2/…`), so
 * amtool and Grafana's Alertmanager datasource talk to the console as to an Alertmanager.
 * Reads are the caller's teams' only; silence writes take the console's own path
 * (Postgres first, guardrails, the team rule, audit, then every Alertmanager), so a
 * silence made with amtool is the same as one made in the UI. Answers and errors are in
 * Alertmanager's shapes: errors are a JSON string with the status Alertmanager would use.
 * The configured Alertmanagers (an HA set) are one, named `default`.
 */
export const ALERTMANAGER_NAME = "default";

export interface AmAnswer {
  status: number;
  /** JSON to send; undefined: no body (Alertmanager's 200 to an expire). */
  body?: unknown;
}

export interface AmRequest {
  principal: Principal;
  name: string;
  method: "GET" | "POST" | "DELETE";
  path: string[];
  params: URLSearchParams;
  /** The parsed JSON body of a POST. */
  body?: unknown;
}

export async function alertmanagerApi(req: AmRequest): Promise<AmAnswer> {
  const endpoint = `${req.method} ${req.path[0] === "silence" ? "silence" : req.path.join("/")}`;
  try {
    if (req.name !== ALERTMANAGER_NAME) throw new AppError("request:not_found", `no Alertmanager named "${req.name}": the console serves its Alertmanagers as "${ALERTMANAGER_NAME}"`);
    const silenceId = req.path[0] === "silence" && req.path.length === 2 ? req.path[1]! : null;
    if (endpoint === "GET status") return { status: 200, body: await status(req.principal) };
    if (endpoint === "GET receivers") return { status: 200, body: await firstAnswer("receivers") };
    if (endpoint === "GET alerts") return { status: 200, body: await alerts(req.principal, req.params) };
    if (endpoint === "GET alerts/groups") return { status: 200, body: await groups(req.principal, req.params) };
    if (endpoint === "POST alerts") throw new AppError("request:invalid", "the console does not take alerts: Prometheus sends them to Alertmanager itself");
    if (endpoint === "GET silences") return { status: 200, body: await silences(req.principal, req.params) };
    if (endpoint === "POST silences") return { status: 200, body: { silenceID: await postSilence(req.principal, req.body) } };
    if (silenceId && endpoint === "GET silence") return { status: 200, body: gettableSilence((await getFromRequest(req.principal, silenceId)).silence, Date.now()) };
    if (silenceId && endpoint === "DELETE silence") return await expire(req.principal, silenceId);
    throw new AppError("request:not_found", `the console's Alertmanager API has no ${req.method} /api/v2/${req.path.join("/")}`);
  } catch (error) {
    if (error instanceof AppError) return { status: definedStatus(endpoint, error.status), body: error.message };
    throw error;
  }
}

/** The first configured Alertmanager that answers a read, or 503 naming each that did not. */
async function firstAnswer(path: string): Promise<unknown> {
  const failures: string[] = [];
  for (const base of alertmanagerUrls()) {
    try {
      return await amGetJson(base, path);
    } catch (error) {
      failures.push(`${base}: ${(error as Error).message}`);
    }
  }
  throw new AppError("upstream:unavailable", `no Alertmanager answered: ${failures.join("; ")}`);
}

const StatusSchema = z.looseObject({ config: z.looseObject({ original: z.string() }) });

/** Alertmanager's status; its running config (routes and receivers, its secrets masked by Alertmanager) for those who may read routing. */
async function status(principal: Principal) {
  const parsed = StatusSchema.safeParse(await firstAnswer("status"));
  if (!parsed.success) throw new AppError("upstream:rejected", "Alertmanager's status has no config");
  return hasRole(principal.role, "sre") ? parsed.data : { ...parsed.data, config: { ...parsed.data.config, original: "" } };
}

/** `active`, `silenced`, `inhibited`, `unprocessed`, `filter` and `receiver` as Alertmanager reads them, passed on. */
const ALERT_PARAMS = ["active", "silenced", "inhibited", "unprocessed", "filter", "receiver"];

function passOn(params: URLSearchParams): string {
  const out = new URLSearchParams();
  for (const [k, v] of params) if (ALERT_PARAMS.includes(k)) out.append(k, v);
  const text = out.toString();
  return text ? `?${text}` : "";
}

/** Every Alertmanager's alerts (an HA set's copies once), the caller's teams' only, naming the console's silences. */
async function alerts(principal: Principal, params: URLSearchParams) {
  const answers: unknown[] = [];
  const failures: string[] = [];
  await Promise.all(
    alertmanagerUrls().map(async (base) => {
      try {
        answers.push(await amGetJson(base, `alerts${passOn(params)}`));
      } catch (error) {
        failures.push(`${base}: ${(error as Error).message}`);
      }
    }),
  );
  if (answers.length === 0) throw new AppError("upstream:unavailable", `no Alertmanager answered: ${failures.join("; ")}`);
  const merged = mergeAlerts(answers.map((a) => parseUpstream(z.array(GettableAlertSchema), a, "alerts")));
  return scopeAmAlerts(merged, await labelScopeOf(principal), getEnv().SCOPE_LABEL, await consoleSilenceIds(silenceIdsOf(merged)));
}

async function groups(principal: Principal, params: URLSearchParams) {
  const found = parseUpstream(z.array(AlertGroupSchema), await firstAnswer(`alerts/groups${passOn(params)}`), "alert groups");
  return scopeAlertGroups(found, await labelScopeOf(principal), getEnv().SCOPE_LABEL, await consoleSilenceIds(silenceIdsOf(found.flatMap((g) => g.alerts))));
}

function parseUpstream<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AppError("upstream:rejected", `Alertmanager's ${what} are not in API v2's shape`);
  return parsed.data;
}

/** The console's silences as `GET /api/v2/silences` lists them, `filter=` as Alertmanager applies it. */
async function silences(principal: Principal, params: URLSearchParams) {
  let filters;
  try {
    filters = params.getAll("filter").flatMap((f) => f.replace(/^\{|\}$/g, "").split(",").filter((x) => x.trim() !== "")).map(parseFilter);
  } catch (error) {
    throw new AppError("request:invalid", `bad matcher format: ${(error as Error).message}`);
  }
  const nowMs = Date.now();
  const found = await listSilences({ scope: await labelScopeOf(principal), scopeLabel: getEnv().SCOPE_LABEL, limit: 1000 });
  return sortSilences(found.filter((s) => silenceMatchesFilters(s.matchers, filters)).map((s) => gettableSilence(s, nowMs)));
}

const PostableSilenceSchema = z.looseObject({ id: z.string().optional() });

/**
 * `POST /api/v2/silences`: a new silence, or with `id` a change to that one (as
 * Alertmanager updates one in place), both through the console's rules. Answers its id.
 */
async function postSilence(principal: Principal, body: unknown): Promise<string> {
  const parsed = PostableSilenceSchema.safeParse(body);
  if (!parsed.success) throw new AppError("request:invalid", "a silence is a JSON object: matchers, startsAt, endsAt, createdBy, comment (and id to change one)");
  const { id, ...silence } = parsed.data;
  if (!id) return (await createFromRequest(principal, silence)).silence.id;
  // One of the caller's silences (else 403, as reading it), changed at the version it has now.
  const { version } = (await getFromRequest(principal, id)).silence;
  return (await editFromRequest(principal, id, { ...silence, version })).id;
}

/** `DELETE /api/v2/silence/{id}`: expired now, in Postgres and then in every Alertmanager; 200 with no body. */
async function expire(principal: Principal, id: string): Promise<AmAnswer> {
  const { silence } = await getFromRequest(principal, id);
  if (silence.state === "expired") throw new AppError("request:conflict", `silence ${id} already expired`);
  await expireFromRequest(principal, id, { version: silence.version });
  return { status: 200 };
}
