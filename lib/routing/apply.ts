import "server-only";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { AppError } from "@/lib/api/errors";
import { amReload, amRunningConfig } from "@/lib/alertmanager/client";
import { alertmanagerUrls, getEnv } from "@/lib/api/env";
import { getPrisma } from "@/lib/db/client";
import type { AuditActor } from "@/lib/audit/model";
import { recordAudit } from "@/lib/audit/repo";
import { recordVersion } from "./repo";
import type { RoutingVersionView } from "./model";
import { compileAlertmanagerConfig, PLACEHOLDER_SECRETS, type CompileOptions } from "./compile";
import { routingFingerprint } from "./route-tree";
import { ENV_SECRET_PREFIX, type RoutingModel } from "./model";
import { redactor } from "./redact";
import { open } from "./secret-box";

/**
 * Applying routing to Alertmanager: compile with the real secrets, check the bytes with
 * `amtool check-config` (refused → nothing changes), write the file Alertmanager reads
 * (atomically), `POST /-/reload` on every Alertmanager and confirm each now runs exactly
 * those bytes. If any step fails the previous file is put back (and reloaded), so the
 * previous config stays active; the attempt is recorded as a failed version with why.
 * One apply at a time across replicas (a Postgres advisory lock).
 */
const run = promisify(execFile);
const APPLY_LOCK = 8_008_008;

/**
 * The real secrets: env references read from the console's environment (ALERTING_SECRET_*
 * only, also for a reference stored before that rule), stored secrets opened with its key.
 * Every value resolved is remembered, so whatever amtool or Alertmanager then says is
 * cleaned of them (`redact`) before it reaches a person, a log or the database.
 */
export function realSecrets(): CompileOptions & { redact: (text: string) => string } {
  const seen: string[] = [];
  return {
    resolveSecret: (ref, where) => {
      let value: string | undefined;
      if ("stored" in ref) value = open(ref.stored, where);
      else {
        if (!ref.env.startsWith(ENV_SECRET_PREFIX)) throw new AppError("request:unprocessable", `${where}: only environment variables named ${ENV_SECRET_PREFIX}… can be referenced (not ${ref.env}); choose another source`);
        value = process.env[ref.env];
        if (!value) throw new AppError("request:unprocessable", `${where}: the environment variable ${ref.env} is not set on the console`);
      }
      seen.push(value);
      return value;
    },
    redact: (text) => redactor(seen)(text),
  };
}

export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** amtool's verdict on a config: null when it passes, else what it said. */
export async function amtoolCheck(yaml: string, redact: (text: string) => string = (t) => t): Promise<string | null> {
  const dir = await mkdtemp(path.join(tmpdir(), "routing-check-"));
  try {
    const file = path.join(dir, "alertmanager.yml");
    await writeFile(file, yaml, { mode: 0o600 });
    await run("amtool", ["check-config", file], { timeout: 20_000 });
    return null;
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
    if (e.code === "ENOENT") throw new AppError("upstream:unavailable", "amtool is not installed on the console's machine (Debian: prometheus-alertmanager); configs cannot be checked, so none is applied");
    // "Checking '<file>'  FAILED: <why>" (the temporary file's name means nothing to the reader).
    const said = `${e.stdout ?? ""}\n${e.stderr ?? ""}`
      .split("\n")
      .map((l) => l.replace(/^Checking '[^']*'\s*(FAILED:\s*)?/, "").trim())
      .filter((l) => l && !l.startsWith("amtool: error: failed to validate"));
    return redact(said.join(" ") || e.message);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, text, { mode: 0o640 });
  await rename(tmp, file);
}

/** Reload one Alertmanager and confirm it runs `yaml` (it reports it re-serialized: compared by fingerprint); the reason if not. */
async function reloadOne(base: string, yaml: string): Promise<string | null> {
  try {
    await amReload(base);
    const original = await amRunningConfig(base);
    if (routingFingerprint(original) !== routingFingerprint(yaml)) return `${base} reloaded but does not run the file written (is ALERTMANAGER_CONFIG_FILE the file it reads?)`;
    return null;
  } catch (error) {
    return `${base} ${(error as Error).message}`;
  }
}

export interface ApplyOptions {
  actor: AuditActor;
  message?: string;
  rollbackOf?: number;
  /** The file and the Alertmanagers that read it: ALERTMANAGER_CONFIG_FILE and ALERTMANAGER_URLS unless given. */
  target?: { file: string; alertmanagers: string[] };
}

export async function applyModel(model: RoutingModel, opts: ApplyOptions): Promise<RoutingVersionView> {
  const env = getEnv();
  const file = opts.target?.file ?? env.ALERTMANAGER_CONFIG_FILE;
  const alertmanagers = opts.target?.alertmanagers ?? alertmanagerUrls(env);
  if (!file) throw new AppError("upstream:unavailable", "the console does not know which file Alertmanager reads: set ALERTMANAGER_CONFIG_FILE");
  const secrets = realSecrets();
  const yaml = compileAlertmanagerConfig(model, secrets);
  const shown = compileAlertmanagerConfig(model, PLACEHOLDER_SECRETS);
  const refused = await amtoolCheck(yaml, secrets.redact);
  if (refused) throw new AppError("request:unprocessable", `amtool check-config refused the config, nothing was applied: ${refused}`);

  const db = getPrisma();
  const outcome = await db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${APPLY_LOCK})`;
      const previous = await readFile(file, "utf8").catch(() => null);
      await writeAtomically(file, yaml);
      const failures = (await Promise.all(alertmanagers.map((base) => reloadOne(base, yaml)))).filter((f): f is string => f !== null).map(secrets.redact);
      if (failures.length > 0 && previous !== null) {
        // Put the previous file back and have every Alertmanager load it again (a refused reload kept it loaded anyway).
        await writeAtomically(file, previous);
        await Promise.all(alertmanagers.map((base) => reloadOne(base, previous)));
      }
      const error = failures.length ? failures.join("; ") : undefined;
      const version = await recordVersion({ model, yaml: shown, sha256: sha256(yaml), status: error ? "failed" : "applied", error, appliedBy: opts.actor.name, rollbackOf: opts.rollbackOf, message: opts.message }, tx);
      await recordAudit(tx, opts.actor, { action: opts.rollbackOf ? "routing.rollback" : "routing.apply", targetId: String(version.id), after: { version: version.id, status: version.status, error: version.error, sha256: version.sha256, rollbackOf: version.rollbackOf, message: version.message } });
      return { version, error };
    },
    { maxWait: 30_000, timeout: 60_000 },
  );
  if (outcome.error) throw new AppError("upstream:rejected", `Alertmanager did not take version ${outcome.version.id}; the previous config stays active: ${outcome.error}`, { version: outcome.version });
  return outcome.version;
}

/** What Alertmanager runs now (its status' config.original), from the first Alertmanager. */
export async function runningConfig(base: string = alertmanagerUrls()[0]!): Promise<string> {
  try {
    return await amRunningConfig(base);
  } catch (error) {
    throw new AppError("upstream:unavailable", `Alertmanager ${(error as Error).message}`);
  }
}
