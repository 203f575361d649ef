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

/** Prisma's codes for "the database cannot be reached / went away" (P1001 can't reach, P1002 timed out, P1008 operation timed out, P1017 connection closed, P2024 pool timeout). */
const DB_DOWN_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
const DB_DOWN_TEXT = /ECONNREFUSED|ECONNRESET|Connection terminated|terminating connection|Can't reach database server|the database system is (shutting down|starting up)/i;

/** Is this error Prisma saying PostgreSQL is down or went away (rather than a bug)? Walks the cause chain; pure, edge-safe. */
export function isDatabaseDown(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  if (typeof name !== "string" || !/^Prisma|^DriverAdapterError$/.test(name)) return false;
  for (let e = error, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message, name } = e as { code?: unknown; message?: unknown; name?: unknown };
    if (typeof code === "string" && (DB_DOWN_CODES.has(code) || code === "ECONNREFUSED" || code === "57P01" || code === "57P03")) return true;
    if (name === "PrismaClientInitializationError") return true;
    if (typeof message === "string" && DB_DOWN_TEXT.test(message)) return true;
  }
  return false;
}

export const DATABASE_DOWN_MESSAGE = "The console's database (PostgreSQL) cannot be reached: nothing was read or saved. Dashboards keep working; try again when it is back.";

export function errorResponse(error: unknown): Response {
  if (error instanceof AppError) {
    return Response.json({ error: { code: error.code, message: error.message, ...(error.details ?? {}) } }, { status: error.status });
  }
  if (isDatabaseDown(error)) {
    console.error(`database unavailable: ${(error as Error).message?.split("\n")[0]}`);
    return Response.json({ error: { code: "upstream:unavailable", message: DATABASE_DOWN_MESSAGE } }, { status: 503 });
  }
  console.error(error);
  return Response.json(
    { error: { code: "internal:error", message: "Internal error" } },
    { status: 500 },
  );
}
