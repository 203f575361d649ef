/**
 * `npm run inventory -- rules <inventory.yml> [--labels release|main|old-namespace|exported] [--out <file>]`
 * Writes the configured GPU inventory as Prometheus recording rules (lib/inventory/config.ts):
 * put the file beside deploy/prometheus/rules/*.yml and reload Prometheus. A bad inventory
 * is refused naming the field, and nothing is written.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { inventoryRulesYaml, parseInventory } from "../lib/inventory/config";
import { SPELLING_NAMES, type LabelSpelling } from "../lib/metrics/labels";

const { values, positionals } = parseArgs({ allowPositionals: true, options: { labels: { type: "string", default: "release" }, out: { type: "string" } } });
const [command, file] = positionals;
if (command !== "rules" || !file || !SPELLING_NAMES.includes(values.labels as LabelSpelling)) {
  console.error(`usage: npm run inventory -- rules <inventory.yml> [--labels ${SPELLING_NAMES.join("|")}] [--out <file>]`);
  process.exit(2);
}
try {
  const text = inventoryRulesYaml(parseInventory(readFileSync(file, "utf8")), file, values.labels as LabelSpelling);
  if (values.out) writeFileSync(values.out, text);
  else process.stdout.write(text);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
