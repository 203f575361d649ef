import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/api/errors";
import { hasRole, requireRole, type SessionUser } from "./roles";

const user = (role: SessionUser["role"]): SessionUser => ({ id: "u1", email: "x@y", name: "X", role, teamIds: [], teams: [] });

describe("requireRole", () => {
  it("refuses a missing session with 401", () => {
    expect(() => requireRole(null, "viewer")).toThrow(AppError);
    try {
      requireRole(null, "viewer");
    } catch (e) {
      expect(e).toMatchObject({ code: "auth:unauthenticated", status: 401 });
    }
  });

  it("refuses a lower role with 403 naming both roles", () => {
    try {
      requireRole(user("developer"), "sre");
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ code: "auth:forbidden", status: 403 });
      expect((e as Error).message).toBe("This needs the sre role; you are signed in as developer");
    }
  });

  it("lets an equal or higher role through and returns the user", () => {
    expect(requireRole(user("sre"), "sre").role).toBe("sre");
    expect(requireRole(user("admin"), "sre").role).toBe("admin");
  });
});

describe("roles", () => {
  it("are ordered viewer < developer < sre < admin", () => {
    expect(hasRole("viewer", "developer")).toBe(false);
    expect(hasRole("developer", "viewer")).toBe(true);
    expect(hasRole("sre", "admin")).toBe(false);
    expect(hasRole("admin", "viewer")).toBe(true);
  });

});
