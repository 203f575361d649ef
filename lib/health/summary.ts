/** Pure: how the checks add up. The database is essential; the rest degrade. */
export interface CheckResult {
  status: "up" | "down";
  latencyMs: number;
  error?: string;
}

export interface HealthReport {
  status: "ok" | "degraded" | "down";
  checks: { database: CheckResult; prometheus: CheckResult; alertmanager: CheckResult };
}

export function summarizeHealth(checks: HealthReport["checks"]): HealthReport {
  const status =
    checks.database.status === "down"
      ? "down"
      : Object.values(checks).every((c) => c.status === "up")
        ? "ok"
        : "degraded";
  return { status, checks };
}

export function healthHttpStatus(report: HealthReport): number {
  return report.status === "down" ? 503 : 200;
}
