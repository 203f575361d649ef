/**
 * One error type for the console API. Route handlers throw or return an AppError and
 * `errorResponse` turns it into `{"error": {"code", "message"}}` with its status.
 */
export type ErrorCode =
  | "auth:unauthenticated"
  | "auth:forbidden"
  | "request:invalid"
  | "request:not_found"
  | "request:conflict"
  /** Past the body size limit. */
  | "request:too_large"
  /** Well-formed, but refused by a check (e.g. amtool check-config). */
  | "request:unprocessable"
  | "upstream:unavailable"
  /** The upstream answered and refused (e.g. Alertmanager's reload failed). */
  | "upstream:rejected"
  | "internal:error";

const STATUS: Record<ErrorCode, number> = {
  "auth:unauthenticated": 401,
  "auth:forbidden": 403,
  "request:invalid": 400,
  "request:not_found": 404,
  "request:conflict": 409,
  "request:too_large": 413,
  "request:unprocessable": 422,
  "upstream:unavailable": 503,
  "upstream:rejected": 502,
  "internal:error": 500,
};

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** What the client needs to resolve it (a conflict: the current record and what changed). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "AppError";
    this.status = STATUS[code];
  }
}

export function errorResponse(error: unknown): Response {
  if (error instanceof AppError) {
    return Response.json({ error: { code: error.code, message: error.message, ...(error.details ?? {}) } }, { status: error.status });
  }
  console.error(error);
  return Response.json(
    { error: { code: "internal:error", message: "Internal error" } },
    { status: 500 },
  );
}
