import YAML from "yaml";
import { z } from "zod";
import { LABEL_SPELLINGS, LabelValueSchema, type LabelSpelling } from "@/lib/metrics/labels";

/**
 * The expected GPU inventory from config (a CMDB export, the purchase order): per node, how
 * many GPUs of which model. It becomes recording rules — `node:gpus_configured:count`, one
 * per node and model, labelled as dcgm-exporter labels that node — that Prometheus evaluates
 * beside the learnt inventory: `node:gpus_expected:max7d` takes the configured count for a
 * node the file lists, and what the node reported over 7 days for one it does not. So a node
 * that never reported, or lost a GPU more than 7 days ago, is still one short.
 */
export const InventoryNodeSchema = z.object({
  hostname: LabelValueSchema,
  /** As DCGM names it (the `modelName` label), e.g. "NVIDIA H100 80GB HBM3". */
  model: LabelValueSchema,
  gpus: z.number({ error: "a number of GPUs" }).int({ error: "a whole number of GPUs" }).min(1, { error: "at least 1 GPU" }).max(64, { error: "at most 64 GPUs in a node" }),
  cluster: LabelValueSchema.optional(),
  rack: LabelValueSchema.optional(),
});

export const InventorySchema = z
  .object({ nodes: z.array(InventoryNodeSchema).min(1, { error: "at least one node" }).max(20_000) })
  .superRefine((inv, ctx) => {
    const seen = new Map<string, number>();
    inv.nodes.forEach((n, i) => {
      const key = `${n.hostname}\u0000${n.model}`;
      const first = seen.get(key);
      if (first !== undefined) ctx.addIssue({ code: "custom", path: ["nodes", i], message: `${n.hostname} lists ${n.model} again (first at nodes.${first}): give one line per node and model` });
      else seen.set(key, i);
    });
  });
export type Inventory = z.infer<typeof InventorySchema>;

/** Reads an inventory file's YAML; a bad one throws naming the field (`nodes.3.gpus: a whole number of GPUs`). */
export function parseInventory(text: string): Inventory {
  let raw: unknown;
  try {
    raw = YAML.parse(text);
  } catch (error) {
    throw new Error(`inventory: not YAML: ${(error as Error).message.split("\n")[0]}`);
  }
  const parsed = InventorySchema.safeParse(raw);
  if (!parsed.success) throw new Error(`inventory: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(file)"}: ${i.message}`).join("; ")}`);
  return parsed.data;
}

export const CONFIGURED_RECORD = "node:gpus_configured:count";

/** The rule file Prometheus loads beside deploy/prometheus/rules: one constant series per node and model, its labels spelled for the fleet. */
export function inventoryRules(inventory: Inventory, spelling: LabelSpelling = "release") {
  const host = LABEL_SPELLINGS[spelling].host;
  return {
    groups: [
      {
        name: "inventory-configured",
        interval: "1m",
        rules: inventory.nodes.map((n) => ({
          record: CONFIGURED_RECORD,
          expr: `vector(${n.gpus})`,
          labels: { ...(n.cluster ? { cluster: n.cluster } : {}), ...(n.rack ? { rack: n.rack } : {}), [host]: n.hostname, modelName: n.model },
        })),
      },
    ],
  };
}

/** The rule file's text, with a header saying where it came from. */
export function inventoryRulesYaml(inventory: Inventory, source: string, spelling: LabelSpelling = "release"): string {
  return `# Generated from ${source} by \`npm run inventory -- rules\`: do not edit, regenerate.\n${YAML.stringify(inventoryRules(inventory, spelling))}`;
}
