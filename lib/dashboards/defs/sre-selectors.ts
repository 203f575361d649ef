/** The GPUs the SRE dashboard's variables select, as label matchers. */
export const GPUS = 'cluster=~"$cluster", $__host=~"$node", modelName=~"$model"';
/** The same nodes' node_exporter targets (`instance` is host:port). */
export const HOSTS = 'cluster=~"$cluster", instance=~"($node):.*"';
/** A node_exporter series keyed like dcgm's, by host. */
export const byHost = (expr: string) => `label_replace(${expr}, "$__host", "$1", "instance", "(.+):[0-9]+")`;
/** The selected nodes' alerts: they keep a GPU's or a node's line drawn in a top-N panel (./top-series.ts). */
export const SELECTED_ALERTS = 'cluster=~"$cluster", $__host=~"$node"';
