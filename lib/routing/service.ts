import "server-only";
import { createTwoFilesPatch } from "diff";
import { z } from "zod";
import { AppError } from "@/lib/api/errors";
import { parseBody } from "@/lib/api/zod";
import type { Principal } from "@/lib/auth/principal";
import { getPrisma } from "@/lib/db/client";
import { getVersion, lastApplied, ledTeams, listVersions, loadRouting, saveReceiver, saveRouting, type StoredRouting } from "./repo";
import { amtoolCheck, applyModel, realSecrets, runningConfig } from "./apply";
import { compileAlertmanagerConfig, PLACEHOLDER_SECRETS } from "./compile";
import { routingView, sealReceiver } from "./edit";
import { ReceiverInputSchema, RoutingModelInputSchema, RoutingModelSchema, type Preview, type RoutingState, type RoutingVersionView } from "./model";
import { routingFingerprint } from "./route-tree";
import { seal } from "./secret-box";

/**
 * What the routing routes call (parse → guard → act). Admins edit and apply everything;
 * a team lead edits their team's receivers; SREs and developers read. Nothing here ever
 * returns a secret: receivers come back as views, YAML with placeholders.
 */
async function stored(): Promise<StoredRouting> {
  const routing = await loadRouting();
  if (!routing) throw new AppError("request:not_found", "there is no routing yet: run the seed (npm run db:seed)");
  return routing;
}

export type { RoutingState };

async function editRights(principal: Principal): Promise<RoutingState["canEdit"]> {
  if (principal.role === "admin") return { all: true, teams: [] };
  return { all: false, teams: principal.kind === "session" ? await ledTeams(principal.id) : [] };
}

export async function routingState(principal: Principal): Promise<RoutingState> {
  const [routing, teams, canEdit] = await Promise.all([stored(), getPrisma().team.findMany({ orderBy: { slug: "asc" }, select: { slug: true, name: true, labelValue: true } }), editRights(principal)]);
  return { routing: routingView(routing.model), revision: routing.revision, updatedBy: routing.updatedBy, updatedAt: routing.updatedAt, receivers: routing.receivers, teams, canEdit };
}

const SaveSchema = z.object({ revision: z.number().int().nonnegative({ error: "the revision you read" }), model: RoutingModelInputSchema });

/** An admin saves the whole draft: new secret values are sealed, "keep" keeps what is stored. */
export async function saveDraft(principal: Principal, body: unknown): Promise<RoutingState> {
  const { revision, model } = parseBody(SaveSchema, body);
  const current = new Map((await stored()).model.receivers.map((r) => [r.name, r]));
  const receivers = model.receivers.map((r, i) => sealReceiver(r, current.get(r.name), seal, `model.receivers.${i}`));
  const sealed = RoutingModelSchema.parse({ ...model, receivers });
  await saveRouting(sealed, revision, principal);
  return routingState(principal);
}

const ReceiverSaveSchema = z.object({ revision: z.number().int().nonnegative({ error: "the revision you read" }), receiver: ReceiverInputSchema });

/** A lead (or an admin) saves one receiver; its name and team stay as they are. */
export async function saveTeamReceiver(principal: Principal, name: string, body: unknown): Promise<RoutingState> {
  const { revision, receiver } = parseBody(ReceiverSaveSchema, body);
  const current = (await stored()).model.receivers.find((r) => r.name === name);
  if (!current) throw new AppError("request:not_found", `no receiver named "${name}"`);
  const rights = await editRights(principal);
  if (!rights.all && !(current.team && rights.teams.includes(current.team)))
    throw new AppError("auth:forbidden", current.team ? `only admins and leads of team ${current.team} edit "${name}"` : `only admins edit "${name}"`);
  if (receiver.name !== name) throw new AppError("request:invalid", "receiver.name: a receiver cannot be renamed here (routes refer to it); ask an admin");
  if ((receiver.team ?? null) !== (current.team ?? null)) throw new AppError("request:invalid", "receiver.team: the owning team is set by an admin");
  await saveReceiver(sealReceiver(receiver, current, seal, "receiver"), revision, principal);
  return routingState(principal);
}

/** Secret-free YAML of any model: for preview, diff and export. */
export const shownYaml = (model: z.input<typeof RoutingModelSchema>) => compileAlertmanagerConfig(model, PLACEHOLDER_SECRETS);

/** Secret values in a config we did not write, masked line by line (its formatting kept for the diff). */
const SECRET_LINE = /^(\s*(?:-\s+)?(?:api_url|routing_key|service_key|api_key|url|auth_password|auth_secret|bot_token|token|password|webhook_url|user_key|credentials|bearer_token|client_secret|secret|api_secret)\s*:\s*).+$/gm;
export const maskSecrets = (yaml: string) => yaml.replace(SECRET_LINE, "$1<secret>");

export type { Preview };

export async function preview(): Promise<Preview> {
  const routing = await stored();
  const yaml = shownYaml(routing.model);
  let check: string | null;
  try {
    const secrets = realSecrets();
    check = await amtoolCheck(compileAlertmanagerConfig(routing.model, secrets), secrets.redact);
  } catch (error) {
    check = (error as Error).message;
  }
  let running: Preview["running"];
  try {
    // Alertmanager reports its config re-serialized; when it routes as the last version
    // applied, that version's YAML is what runs (and diffs line by line with the draft).
    const original = await runningConfig();
    const applied = await lastApplied();
    running =
      applied && routingFingerprint(applied.yaml) === routingFingerprint(original)
        ? { yaml: applied.yaml, source: `version ${applied.id}, applied by ${applied.appliedBy}` }
        : { yaml: maskSecrets(original), source: "Alertmanager's own report (it runs a config the console did not apply)" };
  } catch (error) {
    running = { error: (error as Error).message };
  }
  const diff = "yaml" in running && running.yaml !== yaml ? createTwoFilesPatch("running", "draft", running.yaml, yaml, undefined, undefined, { context: 3 }) : null;
  return { yaml, running, diff, check, revision: routing.revision };
}

const ApplySchema = z.object({ revision: z.number().int().nonnegative({ error: "the revision you previewed" }), message: z.string().max(500).optional() });

/** Applies the draft as it was previewed (its revision), or 409 if it changed since. */
export async function applyDraft(principal: Principal, body: unknown): Promise<RoutingVersionView> {
  const { revision, message } = parseBody(ApplySchema, body);
  const routing = await stored();
  if (routing.revision !== revision) throw new AppError("request:conflict", `the routing was changed by ${routing.updatedBy} since you previewed it (revision ${routing.revision}, you had ${revision}); preview again`, { revision: routing.revision });
  return applyModel(routing.model, { actor: principal, message });
}

/** Re-applies an earlier version, and makes it the draft again. */
export async function rollback(principal: Principal, id: number): Promise<RoutingVersionView> {
  const target = await getVersion(id);
  const version = await applyModel(target.model, { actor: principal, rollbackOf: id, message: `roll back to version ${id}` });
  const routing = await stored();
  await saveRouting(target.model, routing.revision, principal);
  return version;
}

export { listVersions };

export function parseVersionId(text: string): number {
  const id = Number(text);
  if (!Number.isInteger(id) || id <= 0) throw new AppError("request:invalid", `version: "${text}" is not a version number`);
  return id;
}

/** The file for git: a version's, or the draft's; secrets as placeholders. */
export async function exportYaml(version: number | null): Promise<string> {
  return version === null ? shownYaml((await stored()).model) : (await getVersion(version)).yaml;
}

