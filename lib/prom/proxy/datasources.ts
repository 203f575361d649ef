import "server-only";
import { getEnv } from "@/lib/api/env";

/**
 * The datasources the proxy may reach. For now the default one from PROMETHEUS_URL;
 * the configuration file (several backends, HA pairs, fan-out) comes with the full proxy.
 */
export interface Datasource {
  id: string;
  name: string;
  type: "prometheus" | "thanos" | "victoriametrics" | "mimir";
  url: string;
}

export function listDatasources(): Datasource[] {
  return [{ id: "default", name: "Prometheus", type: "prometheus", url: getEnv().PROMETHEUS_URL }];
}

export function findDatasource(id: string): Datasource | undefined {
  return listDatasources().find((d) => d.id === id);
}
