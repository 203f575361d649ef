import { splitList } from "@/lib/routing/text";
import type { RunbookDraft, RunbookInput } from "./model";

/**
 * The editor's text fields ↔ the runbook's lists. One line per item: alert links as
 * `GpuTemperatureHigh` or `GpuTemperatureHigh{cluster="prod", gpu=~"0|1"}`, contacts as
 * `who | how`, escalation steps as they are. The server validates what comes out.
 */
export function alertsFromText(text: string): { alertname: string; matchers: string[] }[] {
  return lines(text).map((line) => {
    const brace = line.indexOf("{");
    if (brace < 0) return { alertname: line, matchers: [] };
    const inner = line.slice(brace + 1, line.endsWith("}") ? -1 : undefined);
    return { alertname: line.slice(0, brace).trim(), matchers: splitList(inner) };
  });
}

export function alertsToText(alerts: RunbookInput["alerts"]): string {
  return alerts.map((a) => (a.matchers.length ? `${a.alertname}{${a.matchers.join(", ")}}` : a.alertname)).join("\n");
}

export function contactsFromText(text: string): { name: string; how: string }[] {
  return lines(text).map((line) => {
    const bar = line.indexOf("|");
    return bar < 0 ? { name: line, how: "" } : { name: line.slice(0, bar).trim(), how: line.slice(bar + 1).trim() };
  });
}

export function contactsToText(contacts: RunbookInput["contacts"]): string {
  return contacts.map((c) => (c.how ? `${c.name} | ${c.how}` : c.name)).join("\n");
}

export function lines(text: string): string[] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
}

/** The editor's fields, as text. */
export interface RunbookForm {
  slug: string;
  title: string;
  summary: string;
  severity: RunbookInput["severity"];
  team: string;
  owner: string;
  tags: string;
  alerts: string;
  contacts: string;
  escalation: string;
  body: string;
}

export function formOf(r: RunbookInput): RunbookForm {
  return {
    slug: r.slug,
    title: r.title,
    summary: r.summary,
    severity: r.severity,
    team: r.team ?? "",
    owner: r.owner,
    tags: r.tags.join(", "),
    alerts: alertsToText(r.alerts),
    contacts: contactsToText(r.contacts),
    escalation: r.escalation.join("\n"),
    body: r.body,
  };
}

export function draftOf(f: RunbookForm): RunbookDraft {
  return {
    slug: f.slug.trim(),
    title: f.title,
    summary: f.summary,
    severity: f.severity,
    team: f.team || null,
    owner: f.owner,
    tags: splitList(f.tags),
    alerts: alertsFromText(f.alerts),
    contacts: contactsFromText(f.contacts),
    escalation: lines(f.escalation),
    body: f.body,
  };
}

/** A slug from a title or an alert name: `GpuTemperatureHigh` → `gpu-temperature-high`. */
export function slugify(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80);
}

/** A new runbook's form: for an alert (from a lookup that found nothing) a skeleton of the sections on-call needs. */
export function newRunbookForm(labels: Record<string, string>, team: string | null): RunbookForm {
  const alertname = labels.alertname ?? "";
  return {
    slug: alertname ? slugify(alertname) : "",
    title: alertname ? alertname.replace(/([a-z0-9])([A-Z])/g, "$1 $2") : "",
    summary: "",
    severity: labels.severity === "critical" || labels.severity === "info" ? labels.severity : "warning",
    team: team ?? "",
    owner: "",
    tags: "",
    alerts: alertname,
    contacts: "",
    escalation: "",
    body: ["## What it means", "", "## First checks", "", "```promql", "", "```", "", "## Likely causes", "", "## Remediation", "", "## When to drain", ""].join("\n"),
  };
}
