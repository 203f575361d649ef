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
