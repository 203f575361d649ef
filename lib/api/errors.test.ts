import { describe, expect, it, vi } from "vitest";
import { AppError, DATABASE_DOWN_MESSAGE, errorResponse, isDatabaseDown } from "./errors";

/** Errors as Prisma 7 with @prisma/adapter-pg throws them (captured against a closed port and a stopped PostgreSQL). */
const prismaError = (name: string, message: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(message), { name, ...extra });

describe("isDatabaseDown", () => {
  it("recognises Prisma's unreachable / closed / timed-out database, also as a cause", () => {
    expect(isDatabaseDown(prismaError("PrismaClientKnownRequestError", "Can't reach database server at 127.0.0.1:1", { code: "P1001" }))).toBe(true);
    expect(isDatabaseDown(prismaError("PrismaClientKnownRequestError", "", { code: "P1017" }))).toBe(true);
    expect(isDatabaseDown(prismaError("PrismaClientInitializationError", "anything"))).toBe(true);
    expect(isDatabaseDown(prismaError("DriverAdapterError", "x", { cause: { code: "57P01", message: "terminating connection due to administrator command" } }))).toBe(true);
    expect(isDatabaseDown(prismaError("PrismaClientUnknownRequestError", "Error: Connection terminated unexpectedly"))).toBe(true);
  });

  it("does not take other failures for it", () => {
    expect(isDatabaseDown(prismaError("PrismaClientKnownRequestError", "Unique constraint failed", { code: "P2002" }))).toBe(false);
    expect(isDatabaseDown(new TypeError("fetch failed: ECONNREFUSED"))).toBe(false); // Alertmanager down is not the database
    expect(isDatabaseDown(new AppError("upstream:unavailable", 'datasource "default" is unreachable: ECONNREFUSED'))).toBe(false);
    expect(isDatabaseDown(null)).toBe(false);
  });
});

describe("errorResponse", () => {
  it("answers 503 with a plain message when the database is down, and never a stack", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined); // the server log gets the detail

    const r = errorResponse(prismaError("PrismaClientKnownRequestError", "Can't reach database server at 127.0.0.1:1", { code: "P1001" }));
    expect(r.status).toBe(503);
    expect(await r.json()).toEqual({ error: { code: "upstream:unavailable", message: DATABASE_DOWN_MESSAGE } });
    const bug = errorResponse(new Error("secret detail at /srv/app.js:12"));
    expect([bug.status, await bug.json()]).toEqual([500, { error: { code: "internal:error", message: "Internal error" } }]);
    expect(log).toHaveBeenCalledTimes(2);
    log.mockRestore();
  });
});
