import { describe, expect, it } from "vitest";
import { lastAdminRefusal, TeamCreateSchema, UserCreateSchema, UserUpdateSchema } from "./model";

describe("user and team input", () => {
  it("names the field that is wrong", () => {
    expect(UserCreateSchema.safeParse({ email: "nope", name: "x", role: "viewer" }).error?.issues[0]?.path).toEqual(["email"]);
    expect(UserCreateSchema.safeParse({ email: "a@b.co", name: "x", role: "root" }).error?.issues[0]?.path).toEqual(["role"]);
    expect(UserCreateSchema.safeParse({ email: "a@b.co", name: "x", role: "viewer", password: "short" }).error?.issues[0]?.path).toEqual(["password"]);
    expect(UserCreateSchema.safeParse({ email: "a@b.co", name: "x", role: "viewer", teams: [{ team: "ML Research" }] }).error?.issues[0]?.path).toEqual(["teams", 0, "team"]);
    expect(UserUpdateSchema.safeParse({ passwordHash: "$2a$" }).success).toBe(false);
    expect(TeamCreateSchema.safeParse({ slug: "ml", name: "ML", labelValue: 'x"}' }).error?.issues[0]?.path).toEqual(["labelValue"]);
  });

  it("normalizes e-mail and defaults memberships", () => {
    expect(UserCreateSchema.parse({ email: " Ada@Example.COM ", name: " Ada ", role: "sre", teams: [{ team: "platform" }] })).toEqual({ email: "ada@example.com", name: "Ada", role: "sre", teams: [{ team: "platform", lead: false }] });
  });

  it("never leaves the console without an admin", () => {
    expect(lastAdminRefusal(0)).toMatch(/no admin/);
    expect(lastAdminRefusal(1)).toBeNull();
  });
});
