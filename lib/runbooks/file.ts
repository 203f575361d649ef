import YAML from "yaml";
import { firstIssue } from "@/lib/api/zod";
import { RunbookInputSchema, type RunbookInput } from "./model";

/**
 * Runbooks as code: `deploy/runbooks/<slug>.md`, YAML front matter for the fields and
 * Markdown for the body. `parseRunbookFile(serializeRunbook(r))` gives `r` back exactly,
 * so export → edit in git → import changes only what was edited.
 */
export class RunbookFileError extends Error {}

const FENCE = "---";

export function parseRunbookFile(text: string, fileName = "runbook.md"): RunbookInput {
  const normalized = text.replace(/\r\n/g, "\n");
  if (!normalized.startsWith(`${FENCE}\n`)) throw new RunbookFileError(`${fileName}: starts with no front matter (a line "---", the fields in YAML, a line "---")`);
  const end = normalized.indexOf(`\n${FENCE}\n`, FENCE.length);
  const endAtEof = end < 0 && normalized.endsWith(`\n${FENCE}`) ? normalized.length - FENCE.length - 1 : -1;
  const close = end >= 0 ? end : endAtEof;
  if (close < 0) throw new RunbookFileError(`${fileName}: the front matter is never closed by a line "---"`);
  let fields: unknown;
  try {
    fields = YAML.parse(normalized.slice(FENCE.length + 1, close + 1));
  } catch (error) {
    throw new RunbookFileError(`${fileName}: front matter is not YAML: ${(error as Error).message}`);
  }
  if (typeof fields !== "object" || fields === null || Array.isArray(fields)) throw new RunbookFileError(`${fileName}: front matter must be a mapping of fields`);
  const body = close + FENCE.length + 2 <= normalized.length ? normalized.slice(close + FENCE.length + 2) : "";
  const slugFromName = /([a-z0-9][a-z0-9-]*)\.md$/.exec(fileName)?.[1];
  const parsed = RunbookInputSchema.safeParse({ slug: slugFromName, ...fields, body });
  if (!parsed.success) throw new RunbookFileError(`${fileName}: ${firstIssue(parsed.error)}`);
  return parsed.data;
}

/** Fields in a fixed order, empty ones left out, so files diff well in git. */
export function serializeRunbook(r: RunbookInput): string {
  const fields: Record<string, unknown> = { slug: r.slug, title: r.title };
  if (r.summary) fields.summary = r.summary;
  fields.severity = r.severity;
  if (r.team) fields.team = r.team;
  if (r.owner) fields.owner = r.owner;
  if (r.alerts.length) fields.alerts = r.alerts.map((a) => (a.matchers.length ? { alertname: a.alertname, matchers: a.matchers } : { alertname: a.alertname }));
  if (r.contacts.length) fields.contacts = r.contacts.map((c) => (c.how ? { name: c.name, how: c.how } : { name: c.name }));
  if (r.escalation.length) fields.escalation = r.escalation;
  if (r.tags.length) fields.tags = r.tags;
  const yaml = YAML.stringify(fields, { lineWidth: 0 });
  return `${FENCE}\n${yaml}${FENCE}\n\n${r.body}\n`;
}
