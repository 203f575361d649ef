import "server-only";
import { z } from "zod";
import { AppError } from "@/lib/api/errors";
import { alertmanagerUrls, getEnv } from "@/lib/api/env";
import { amListAlerts } from "@/lib/alertmanager/client";
import { labelScopeOf, type Principal } from "@/lib/auth/principal";
import { consoleSilenceIds } from "@/lib/silences/repo-reads";
import { proxyPromRequest } from "@/lib/prom/proxy/handler";
import { filterAlerts, mergeAlerts, parseFilter, PromAlertSchema, scopeAlerts, type ConsoleAlert } from "./alerts";

export interface AlertsAnswer {
  alerts: (ConsoleAlert & { silences: { amId: string; silenceId: string | null }[] })[];
  /** Sources that did not answer: the list is partial, and says so. */
  errors: { source: string; message: string }[];
  alertmanagers: string[];
}

/**
 * Firing alerts from every Alertmanager (merged, duplicates removed), pending ones from
 * Prometheus through the proxy (so a developer's team scope applies), filtered by the
 * URL's matchers; each silence id mapped to the console's silence.
 */
export async function loadAlerts(principal: Principal, filterTexts: string[]): Promise<AlertsAnswer> {
  let filters;
  try {
    filters = filterTexts.map(parseFilter);
  } catch (error) {
    throw new AppError("request:invalid", `filter: ${(error as Error).message}`);
  }
  const collected = await collectAlerts(await labelScopeOf(principal));
  const { errors, alertmanagers: urls } = collected;
  const alerts = filterAlerts(collected.alerts, filters);

  const consoleId = await consoleSilenceIds([...new Set(alerts.flatMap((a) => a.suppressed?.silencedBy ?? []))]);
  return {
    alerts: alerts.map((a) => ({ ...a, silences: (a.suppressed?.silencedBy ?? []).map((amId) => ({ amId, silenceId: consoleId(amId) })) })),
    errors,
    alertmanagers: urls,
  };
}

/**
 * Every Alertmanager's alerts (merged) and Prometheus' pending ones, limited to the team
 * label values of `scope` (null: all). `answered` counts the Alertmanagers that answered.
 */
export async function collectAlerts(scope: string[] | null): Promise<{ alerts: ConsoleAlert[]; errors: AlertsAnswer["errors"]; alertmanagers: string[]; answered: number }> {
  const env = getEnv();
  const errors: AlertsAnswer["errors"] = [];
  const urls = alertmanagerUrls(env);
  const perAm = (
    await Promise.all(
      urls.map(async (alertmanager) => {
        try {
          return { alertmanager, alerts: await amListAlerts(alertmanager) };
        } catch (error) {
          errors.push({ source: `Alertmanager ${alertmanager}`, message: (error as Error).message });
          return null;
        }
      }),
    )
  ).filter((x) => x !== null);
  const prom = await proxyPromRequest({ datasource: "default", path: ["alerts"], urlParams: new URLSearchParams(), bodyParams: new URLSearchParams(), scope });
  const parsed = z.object({ data: z.object({ alerts: z.array(PromAlertSchema) }) }).safeParse(prom.body);
  if (prom.status !== 200 || !parsed.success) errors.push({ source: "Prometheus (pending alerts)", message: (prom.body as { error?: string }).error ?? `HTTP ${prom.status}` });
  const alerts = scopeAlerts(mergeAlerts(perAm, parsed.success ? parsed.data.data.alerts : []), scope, env.SCOPE_LABEL);
  return { alerts, errors, alertmanagers: urls, answered: perAm.length };
}
