import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { describe, expect, it } from "vitest";
import { parseRunbookFile, RunbookFileError, serializeRunbook } from "./file";

const DIR = path.join(import.meta.dirname, "../../deploy/runbooks");
const FILES = readdirSync(DIR).filter((f) => f.endsWith(".md") && f !== "README.md");

describe("runbooks as code (deploy/runbooks)", () => {
  it("ships a runbook for every alert rule in deploy/prometheus", () => {
    const rules = YAML.parse(readFileSync(path.join(import.meta.dirname, "../../deploy/prometheus/rules/alerts.yml"), "utf8")) as { groups: { rules: { alert?: string }[] }[] };
    const alerts = rules.groups.flatMap((g) => g.rules.map((r) => r.alert).filter(Boolean)).sort();
    const linked = new Set(FILES.flatMap((f) => parseRunbookFile(readFileSync(path.join(DIR, f), "utf8"), f).alerts.map((a) => a.alertname)));
    expect(alerts.length).toBeGreaterThan(15);
    expect(alerts.filter((a) => !linked.has(a!))).toEqual([]);
  });

  it.each(FILES)("%s parses, and its export reads back to the same runbook", (file) => {
    const runbook = parseRunbookFile(readFileSync(path.join(DIR, file), "utf8"), file);
    expect(`${runbook.slug}.md`).toBe(file);
    expect(runbook.body).toMatch(/## What it means/);
    const again = parseRunbookFile(serializeRunbook(runbook), file);
    expect(again).toEqual(runbook);
    // And the export of the export is byte for byte the same file.
    expect(serializeRunbook(again)).toBe(serializeRunbook(runbook));
  });

  it("says which file and which field is wrong", () => {
    expect(() => parseRunbookFile("# no front matter\n", "x.md")).toThrow(new RunbookFileError('x.md: starts with no front matter (a line "---", the fields in YAML, a line "---")'));
    expect(() => parseRunbookFile("---\ntitle: x\n", "x.md")).toThrow(/never closed/);
    expect(() => parseRunbookFile("---\ntitle: [\n---\nbody\n", "x.md")).toThrow(/x\.md: front matter is not YAML/);
    expect(() => parseRunbookFile("---\ntitle: T\nseverity: page\n---\nbody\n", "gpu-x.md")).toThrow("gpu-x.md: severity: one of critical, warning, info");
    expect(() => parseRunbookFile("---\ntitle: T\nseverity: info\nalerts:\n  - alertname: X\n    matchers: ['gpu=~(']\n---\nbody\n", "gpu-x.md")).toThrow(/gpu-x\.md: alerts\.0\.matchers\.0: .*not a valid regular expression/);
  });

  it("takes the slug from the file name unless the front matter names one, and keeps CRLF files", () => {
    const r = parseRunbookFile("---\r\ntitle: T\r\nseverity: info\r\n---\r\n\r\nLine\r\n", "from-name.md");
    expect(r).toMatchObject({ slug: "from-name", body: "Line" });
    expect(parseRunbookFile("---\nslug: explicit\ntitle: T\nseverity: info\n---\nB\n", "other.md").slug).toBe("explicit");
  });
});
