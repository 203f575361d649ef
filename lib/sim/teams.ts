/**
 * Which team owns which namespaces. Prometheus derives the `team` label from
 * `namespace` by metric relabelling (deploy/prometheus/prometheus.yml); this table is
 * the same map, for the simulator's jobs and the history it writes. A test keeps the
 * two in agreement.
 */
export const TEAM_NAMESPACES = [
  { team: "ml-research", pattern: "research(-.+)?", namespaces: ["research", "research-vision", "research-nlp"] },
  { team: "llm-training", pattern: "llm-train(-.+)?", namespaces: ["llm-train-pretrain", "llm-train-finetune"] },
  { team: "inference", pattern: "serving(-.+)?", namespaces: ["serving-prod", "serving-staging"] },
  { team: "recsys", pattern: "recsys(-.+)?", namespaces: ["recsys-train", "recsys-serving"] },
] as const;

export type TeamSlug = (typeof TEAM_NAMESPACES)[number]["team"];

export function teamForNamespace(namespace: string): TeamSlug | undefined {
  return TEAM_NAMESPACES.find((t) => new RegExp(`^(?:${t.pattern})$`).test(namespace))?.team;
}
