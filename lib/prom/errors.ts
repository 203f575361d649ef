/** The one error the Prometheus client throws; carries Prometheus' errorType. */
export class PromError extends Error {
  constructor(
    readonly errorType: string,
    message: string,
    readonly status: number,
    readonly datasource: string,
  ) {
    super(message);
    this.name = "PromError";
  }
}

/** Prometheus' error body, as the proxy answers it. */
export function promErrorBody(errorType: string, error: string) {
  return { status: "error" as const, errorType, error };
}

/**
 * React Query's retry rule: once, a second later, for a blip — but never for an answer
 * that will not change (a refused connection, a timeout already waited for, a bad query,
 * no permission): the panel says so at once and the next refresh tries again.
 */
export function retryQuery(failures: number, error: unknown): boolean {
  if (failures >= 1) return false;
  if (error instanceof PromError) return !["unavailable", "timeout", "bad_data", "forbidden", "unauthorized", "execution"].includes(error.errorType);
  const status = (error as { status?: unknown } | null)?.status;
  return !(typeof status === "number" && status >= 400 && status < 500);
}
