import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CONFIGURED_RECORD, inventoryRules, inventoryRulesYaml, parseInventory } from "./config";

const TESTS = path.join(import.meta.dirname, "../../deploy/prometheus/tests");
const SOURCE = "deploy/prometheus/tests/inventory.yml";
const read = (name: string) => readFileSync(path.join(TESTS, name), "utf8");

describe("the configured GPU inventory", () => {
  it("becomes one recording rule per node and model; the rule file promtool tests is what the generator writes", () => {
    const inventory = parseInventory(read("inventory.yml"));
    expect(inventory.nodes.map((n) => [n.hostname, n.model, n.gpus])).toEqual([
      ["n3", "H100", 8],
      ["n4", "H100", 8],
    ]);
    // inventory-configured.test.yml runs these rules in promtool: regenerate when the generator changes.
    expect(inventoryRulesYaml(inventory, SOURCE)).toBe(read("inventory-configured.rules.yml"));
    const [group] = inventoryRules(inventory).groups;
    expect(group!.rules.every((r) => r.record === CONFIGURED_RECORD)).toBe(true);
    expect(group!.rules[0]).toEqual({ record: CONFIGURED_RECORD, expr: "vector(8)", labels: { cluster: "c", rack: "r2", Hostname: "n3", modelName: "H100" } });
  });

  it("labels the node as the fleet's dcgm-exporter spells it", () => {
    const inventory = parseInventory("nodes:\n  - { hostname: gpu-7, model: NVIDIA H200, gpus: 8 }\n");
    expect(inventoryRules(inventory, "main").groups[0]!.rules[0]!.labels).toEqual({ hostname: "gpu-7", modelName: "NVIDIA H200" });
    expect(inventoryRules(inventory, "old-namespace").groups[0]!.rules[0]!.labels).toEqual({ Hostname: "gpu-7", modelName: "NVIDIA H200" });
  });

  it("a bad inventory is refused naming each field", () => {
    const refusal = (text: string) => {
      try {
        parseInventory(text);
        return null;
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(refusal("nodes:\n  - { hostname: n1, model: H100, gpus: 0 }\n  - { hostname: n1, model: H100, gpus: 8 }\n  - { hostname: 'a\"b', model: H100, gpus: 2.5 }\n")).toBe(
      'inventory: nodes.0.gpus: at least 1 GPU; nodes.2.hostname: no quotes, backslashes or newlines; nodes.2.gpus: a whole number of GPUs',
    );
    expect(refusal("nodes:\n  - { hostname: n1, model: H100, gpus: 8 }\n  - { hostname: n1, model: H100, gpus: 4 }\n")).toBe("inventory: nodes.1: n1 lists H100 again (first at nodes.0): give one line per node and model");
    expect(refusal("nodes: []\n")).toBe("inventory: nodes: at least one node");
    expect(refusal("nodes: [\n")).toMatch(/^inventory: not YAML: /);
    expect(refusal("{}")).toMatch(/^inventory: nodes: /);
  });
});
