import "server-only";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { getEnv } from "@/lib/api/env";
import { systemActor } from "@/lib/audit/model";
import { runbookSaveCheck } from "./access";
import { allRunbooks, importRunbooks, type ImportSummary } from "./repo";
import type { PrismaClient } from "@/lib/db/generated/client";
import { parseRunbookFile, serializeRunbook } from "./file";
import type { RunbookInput } from "./model";

/** Where the shipped runbooks live: one `<slug>.md` per runbook (RUNBOOKS_DIR, as the Docker image sets it). */
export const RUNBOOKS_DIR = process.env.RUNBOOKS_DIR ?? path.join(process.cwd(), "deploy/runbooks");

/** Every `*.md` of a directory, parsed; one bad file fails the whole read (naming it), so an import is never half done. */
export function readRunbookDir(dir: string = RUNBOOKS_DIR): RunbookInput[] {
  // A directory named at run time (the Docker image copies deploy/runbooks): not for the bundler to trace.
  const files = readdirSync(/*turbopackIgnore: true*/ dir).filter((f) => f.endsWith(".md") && f !== "README.md").sort();
  const inputs = files.map((f) => parseRunbookFile(readFileSync(/*turbopackIgnore: true*/ path.join(dir, f), "utf8"), f));
  const seen = new Map<string, string>();
  inputs.forEach((r, i) => {
    const other = seen.get(r.slug);
    if (other) throw new Error(`${files[i]}: slug "${r.slug}" is also the slug of ${other}`);
    seen.set(r.slug, files[i]!);
  });
  return inputs;
}

/** Import a directory: upsert by slug, a revision per runbook whose content changed. */
export async function importRunbookDir(dir: string = RUNBOOKS_DIR, opts: { onlyNew?: boolean; db?: PrismaClient } = {}): Promise<ImportSummary> {
  const inputs = readRunbookDir(dir);
  return importRunbooks(inputs, { ...systemActor(`import (${path.relative(process.cwd(), dir) || dir})`), scope: null }, `Imported from ${path.basename(dir)}/`, {
    check: runbookSaveCheck(null, getEnv().SCOPE_LABEL),
    onlyNew: opts.onlyNew,
    db: opts.db,
  });
}

/** Export every runbook to `<dir>/<slug>.md` in the format the import reads. */
export async function exportRunbookDir(dir: string, db?: PrismaClient): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const runbooks = await allRunbooks(db);
  for (const r of runbooks) writeFileSync(path.join(dir, `${r.slug}.md`), serializeRunbook(r));
  return runbooks.map((r) => r.slug);
}
