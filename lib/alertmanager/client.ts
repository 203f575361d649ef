import "server-only";
import { getEnv } from "@/lib/api/env";

/** Alertmanager's UI as browsers reach it (links to it); silences themselves go through lib/silences. */
export function alertmanagerExternalUrl(): string {
  const env = getEnv();
  return env.ALERTMANAGER_EXTERNAL_URL ?? env.ALERTMANAGER_URL;
}
