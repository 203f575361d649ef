import { z } from "zod";

/**
 * dcgm-exporter's label spellings differ between fleets (../shared/METRICS.md): released
 * versions say `Hostname`, its main branch `hostname`; `--use-old-namespace` gives `uuid`,
 * `pod_name`, `pod_namespace`, `container_name`; a Prometheus that does not honour labels
 * turns `pod` into `exported_pod`. This is the one table. Dashboards write canonical
 * references (`$__host`, `$__uuid`, `$__pod`, `$__namespace`, `$__container`) and
 * `spellLabels` writes them the way the fleet spells them (LABEL_SPELLING); code that
 * reads labels from answers accepts every alias.
 */
export const CANONICAL_LABELS = ["host", "uuid", "pod", "namespace", "container"] as const;
export type CanonicalLabel = (typeof CANONICAL_LABELS)[number];

export const LABEL_SPELLINGS = {
  /** Every released dcgm-exporter (3.x, 4.x). */
  release: { host: "Hostname", uuid: "UUID", pod: "pod", namespace: "namespace", container: "container" },
  /** dcgm-exporter's main branch. */
  main: { host: "hostname", uuid: "UUID", pod: "pod", namespace: "namespace", container: "container" },
  /** `--use-old-namespace`. */
  "old-namespace": { host: "Hostname", uuid: "uuid", pod: "pod_name", namespace: "pod_namespace", container: "container_name" },
  /** Scraped without honor_labels: Kubernetes labels prefixed `exported_`. */
  exported: { host: "Hostname", uuid: "UUID", pod: "exported_pod", namespace: "exported_namespace", container: "exported_container" },
} as const satisfies Record<string, Record<CanonicalLabel, string>>;
export type LabelSpelling = keyof typeof LABEL_SPELLINGS;
export const SPELLING_NAMES = Object.keys(LABEL_SPELLINGS) as LabelSpelling[];

/** Every name each canonical label goes by, first the released spelling. */
export const LABEL_ALIASES: Record<CanonicalLabel, string[]> = Object.fromEntries(
  CANONICAL_LABELS.map((c) => [c, [...new Set(Object.values(LABEL_SPELLINGS).map((s) => s[c]))]]),
) as Record<CanonicalLabel, string[]>;

/** A canonical label's value in a label set, whichever spelling it came in. */
export function labelOf(labels: Record<string, string>, canonical: CanonicalLabel): string | undefined {
  for (const name of LABEL_ALIASES[canonical]) if (labels[name] !== undefined) return labels[name];
  return undefined;
}

const TOKEN = /\$__(host|uuid|pod|namespace|container)\b/g;

/** Writes the canonical references of a text (a query, a legend, a label name) in a fleet's spelling. */
export function spellLabels(text: string, spelling: LabelSpelling): string {
  return text.replace(TOKEN, (_, c: CanonicalLabel) => LABEL_SPELLINGS[spelling][c]);
}

/** The same for every string inside a value (a dashboard definition). */
export function spellDeep<T>(value: T, spelling: LabelSpelling): T {
  if (typeof value === "string") return spellLabels(value, spelling) as T;
  if (Array.isArray(value)) return value.map((v) => spellDeep(v, spelling)) as T;
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, spellDeep(v, spelling)])) as T;
  return value;
}

/** A label value the console writes into PromQL or rule files (a team's `team` value, an inventory's hostname): no character that could end the string. */
export const LabelValueSchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[^"\\\n]*$/, { error: "no quotes, backslashes or newlines" });
