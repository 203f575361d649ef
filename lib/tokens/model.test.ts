import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/api/errors";
import { checkTokenGrant, effectiveTokenRole, grantableRoles, tokenState, TokenInputSchema, type Minter } from "./model";

const dev: Minter = { kind: "session", role: "developer", teams: ["inference", "ml-research"] };
const sre: Minter = { kind: "session", role: "sre", teams: [] };
const admin: Minter = { kind: "session", role: "admin", teams: [] };
const input = (o: object) => TokenInputSchema.parse({ name: "t", role: "developer", teams: ["inference"], ...o });

function refusal(f: () => unknown): { status: number; message: string } {
  try {
    f();
  } catch (e) {
    if (e instanceof AppError) return { status: e.status, message: e.message };
    throw e;
  }
  throw new Error("not refused");
}

describe("minting rules", () => {
  it("never above the minter's own role", () => {
    expect(refusal(() => checkTokenGrant(dev, input({ role: "sre", teams: [] })))).toEqual({ status: 403, message: "role: you are developer; a token cannot have more than your role (sre asked)" });
    expect(refusal(() => checkTokenGrant(sre, input({ role: "admin", teams: [] }))).status).toBe(403);
    expect(checkTokenGrant(sre, input({ role: "sre", teams: [] })).role).toBe("sre");
    expect(checkTokenGrant(dev, input({ role: "viewer", teams: [] })).role).toBe("viewer");
  });

  it("scopes a developer token to teams, a developer's only to their own", () => {
    expect(checkTokenGrant(dev, input({ teams: ["ml-research", "inference", "inference"] })).teams).toEqual(["inference", "ml-research"]);
    expect(refusal(() => checkTokenGrant(dev, input({ teams: ["inference", "recsys"] })))).toEqual({ status: 403, message: "teams: you are not in recsys; a token can only be scoped to your own teams" });
    expect(refusal(() => checkTokenGrant(dev, input({ teams: [] }))).status).toBe(400);
    // An SRE may mint a read token scoped to any team (a team's Grafana).
    expect(checkTokenGrant(sre, input({ teams: ["recsys"] })).teams).toEqual(["recsys"]);
    expect(refusal(() => checkTokenGrant(sre, input({ role: "sre", teams: ["recsys"] }))).status).toBe(400);
  });

  it("keeps never-expiring tokens for admins, and tokens cannot mint tokens", () => {
    expect(refusal(() => checkTokenGrant(sre, input({ role: "viewer", teams: [], expiresInDays: null }))).status).toBe(403);
    expect(checkTokenGrant(admin, input({ role: "viewer", teams: [], expiresInDays: null })).expiresInDays).toBeNull();
    expect(refusal(() => checkTokenGrant({ ...admin, kind: "token" }, input({ role: "viewer", teams: [] })))).toMatchObject({ status: 403 });
  });

  it("validates the input, naming the field", () => {
    expect(TokenInputSchema.safeParse({ name: "", role: "viewer" }).error?.issues[0]?.path).toEqual(["name"]);
    expect(TokenInputSchema.safeParse({ name: "x", role: "root" }).success).toBe(false);
    expect(TokenInputSchema.safeParse({ name: "x", role: "viewer", expiresInDays: 0 }).error?.issues[0]?.path).toEqual(["expiresInDays"]);
    expect(TokenInputSchema.safeParse({ name: "x", role: "viewer", owner: "someone" }).success).toBe(false);
    expect(TokenInputSchema.parse({ name: " grafana ", role: "viewer" })).toEqual({ name: "grafana", role: "viewer", teams: [], expiresInDays: 90 });
  });
});

describe("token state and effective role", () => {
  it("is revoked before expired before active", () => {
    expect(tokenState({ expiresAt: null, revokedAt: null }, 10)).toBe("active");
    expect(tokenState({ expiresAt: 10, revokedAt: null }, 10)).toBe("expired");
    expect(tokenState({ expiresAt: 10, revokedAt: 5 }, 20)).toBe("revoked");
  });

  it("follows the creator down, never up", () => {
    expect(effectiveTokenRole("sre", "developer")).toBe("developer");
    expect(effectiveTokenRole("viewer", "admin")).toBe("viewer");
    expect(effectiveTokenRole("sre", null)).toBe("sre");
    // A developer made viewer: their team-scoped token would widen to every team, so it stops.
    expect(effectiveTokenRole("developer", "viewer")).toBeNull();
    expect(grantableRoles("developer")).toEqual(["viewer", "developer"]);
  });
});
