import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { describe, expect, it } from "vitest";
import { parseRunbookFile } from "./file";

const ROOT = process.cwd();
const ALERTS = (YAML.parse(readFileSync(path.join(ROOT, "deploy/prometheus/rules/alerts.yml"), "utf8")) as { groups: { rules: { alert?: string; labels?: { severity?: string } }[] }[] }).groups
  .flatMap((g) => g.rules)
  .filter((r) => r.alert);

describe("shipped runbooks", () => {
  const runbooks = readdirSync(path.join(ROOT, "deploy/runbooks"))
    .filter((f) => f.endsWith(".md") && f !== "README.md")
    .map((f) => ({ file: f, book: parseRunbookFile(readFileSync(path.join(ROOT, "deploy/runbooks", f), "utf8"), f) }));

  it("say the severity of the alert they are for, as the rule labels it (the on-call reads both)", () => {
    let checked = 0;
    for (const { file, book } of runbooks) {
      // A team's own variant (training-loss-rising-ml-research) may weigh the alert its own way.
      if (book.team && file === `${book.slug}.md` && book.slug.endsWith(`-${book.team}`)) continue;
      for (const a of book.alerts ?? []) {
        const rule = ALERTS.find((r) => r.alert === a.alertname);
        if (!rule?.labels?.severity) continue;
        expect(book.severity, `${file}: ${a.alertname} is ${rule.labels.severity} in alerts.yml`).toBe(rule.labels.severity);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });
});
