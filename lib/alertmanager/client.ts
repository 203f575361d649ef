import "server-only";
import { AppError } from "@/lib/api/errors";
import { getEnv, type Env } from "@/lib/api/env";
import { SilencesSchema, type Silence } from "@/lib/alerting/silences";

/**
 * Reading Alertmanager's API v2 (silences). Issue 7 makes Postgres the source of truth
 * and adds HA; until then this reads the one Alertmanager of ALERTMANAGER_URL.
 */
export async function listSilences(opts: { scope: string[] | null; signal?: AbortSignal; env?: Env }): Promise<Silence[]> {
  const env = opts.env ?? getEnv();
  let response: Response;
  try {
    response = await fetch(`${env.ALERTMANAGER_URL}/api/v2/silences`, {
      signal: opts.signal ? AbortSignal.any([opts.signal, AbortSignal.timeout(env.HEALTH_TIMEOUT_MS)]) : AbortSignal.timeout(env.HEALTH_TIMEOUT_MS),
    });
  } catch (error) {
    throw new AppError("upstream:unavailable", `Alertmanager unreachable: ${(error as Error).message}`);
  }
  if (!response.ok) throw new AppError("upstream:unavailable", `Alertmanager answered HTTP ${response.status}`);
  const parsed = SilencesSchema.safeParse(await response.json().catch(() => null));
  if (!parsed.success) throw new AppError("upstream:unavailable", "Alertmanager's answer is not a list of silences");
  const silences = parsed.data.filter((s) => s.status.state !== "expired" || Date.parse(s.endsAt) > Date.now() - 30 * 86_400_000);
  if (!opts.scope) return silences;
  // A team-scoped user sees the silences of their teams: those with an equality matcher on the team label.
  const label = env.SCOPE_LABEL;
  return silences.filter((s) => s.matchers.some((m) => m.name === label && m.isEqual && !m.isRegex && opts.scope!.includes(m.value)));
}

export function alertmanagerExternalUrl(): string {
  const env = getEnv();
  return env.ALERTMANAGER_EXTERNAL_URL ?? env.ALERTMANAGER_URL;
}
