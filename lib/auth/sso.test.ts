import { describe, expect, it } from "vitest";
import { credentialsErrorMessage } from "./sign-in-messages";
import { groupsFrom, signInErrorMessage, SSO_REFUSALS, ssoConfig, ssoIdentity, type SsoConfig } from "./sso";

const BASE = { OIDC_ISSUER: "https://login.example.com/realms/fleet/", OIDC_CLIENT_ID: "console", OIDC_CLIENT_SECRET: "s3cret" };

function config(extra: Record<string, string> = {}): SsoConfig {
  const c = ssoConfig({ ...BASE, ...extra });
  if (!c) throw new Error("expected a configuration");
  return c;
}

describe("ssoConfig", () => {
  it("is off without an issuer", () => {
    expect(ssoConfig({})).toBeNull();
  });

  it("reads the group map as YAML flow or JSON, with role shorthand and lead stars", () => {
    const c = config({ OIDC_GROUP_MAP: "{fleet-admins: admin, ml-inference: {role: developer, teams: [inference*, ml-research]}}" });
    expect(c.issuer).toBe("https://login.example.com/realms/fleet");
    expect(c.groupMap["fleet-admins"]).toEqual({ role: "admin", teams: [] });
    expect(c.groupMap["ml-inference"]).toEqual({ role: "developer", teams: [{ team: "inference", lead: true }, { team: "ml-research", lead: false }] });
    expect(config({ OIDC_GROUP_MAP: '{"a": {"teams": ["recsys"]}}' }).groupMap.a).toEqual({ teams: [{ team: "recsys", lead: false }] });
    expect(c.defaultRole).toBe("none");
    expect(c.groupsClaim).toBe("groups");
  });

  it("refuses half a configuration and a malformed map, naming the variable", () => {
    expect(() => ssoConfig({ OIDC_ISSUER: BASE.OIDC_ISSUER })).toThrow(/OIDC_CLIENT_ID and OIDC_CLIENT_SECRET/);
    expect(() => ssoConfig({ ...BASE, OIDC_ISSUER: "not a url" })).toThrow(/OIDC_ISSUER/);
    expect(() => config({ OIDC_GROUP_MAP: "{fleet: superuser}" })).toThrow(/OIDC_GROUP_MAP: fleet: a role \(viewer, developer, sre or admin\) or \{role, teams\}/);
    expect(() => config({ OIDC_GROUP_MAP: "{a: {teams: [Bad Team]}}" })).toThrow(/OIDC_GROUP_MAP: a\.teams\.0: a team slug/);
    expect(() => config({ OIDC_GROUP_MAP: "{a: {role: sre, extra: 1}}" })).toThrow(/OIDC_GROUP_MAP/);
    expect(() => config({ OIDC_GROUP_MAP: "{a: [" })).toThrow(/OIDC_GROUP_MAP is not YAML or JSON/);
    expect(() => config({ OIDC_DEFAULT_ROLE: "root" })).toThrow(/OIDC_DEFAULT_ROLE/);
  });
});

describe("groupsFrom", () => {
  it("reads arrays, single strings and dotted paths (Keycloak's realm_access.roles)", () => {
    expect(groupsFrom({ groups: ["a", 3, "b"] }, "groups")).toEqual(["a", "b"]);
    expect(groupsFrom({ groups: "a" }, "groups")).toEqual(["a"]);
    expect(groupsFrom({ realm_access: { roles: ["fleet-sre"] } }, "realm_access.roles")).toEqual(["fleet-sre"]);
    expect(groupsFrom({ "cognito:groups": ["x"] }, "cognito:groups")).toEqual(["x"]);
    expect(groupsFrom({ "https://example.com/groups": ["y"] }, "https://example.com/groups")).toEqual(["y"]);
    expect(groupsFrom({}, "groups")).toEqual([]);
    expect(groupsFrom({ groups: { a: 1 } }, "groups")).toEqual([]);
  });
});

describe("ssoIdentity", () => {
  const c = config({ OIDC_GROUP_MAP: "{fleet-admins: admin, fleet-sre: sre, ml-inference-leads: {role: developer, teams: [inference*]}, ml-research: {teams: [ml-research]}, readers: viewer}" });
  // The shape of the claims the harness's OIDC provider (and Keycloak) sends.
  const claims = { sub: "lin", email: "Lin@SSO.example", email_verified: true, name: "Lin Wei", groups: ["ml-inference-leads", "ml-research", "unmapped"] };

  it("gives the highest mapped role and the union of teams, lead where any group says so", () => {
    expect(ssoIdentity(claims, c)).toEqual({
      ssoId: "https://login.example.com/realms/fleet#lin",
      email: "lin@sso.example",
      name: "Lin Wei",
      role: "developer",
      teams: [
        { team: "inference", lead: true },
        { team: "ml-research", lead: false },
      ],
    });
    expect(ssoIdentity({ ...claims, groups: ["readers", "fleet-sre"] }, c)).toMatchObject({ role: "sre", teams: [] });
    expect(ssoIdentity({ ...claims, groups: ["fleet-sre", "readers"] }, c)).toMatchObject({ role: "sre" });
  });

  it("refuses someone in no group with a role, unless a default role is set", () => {
    expect(ssoIdentity({ ...claims, groups: ["unmapped"] }, c)).toEqual({ refusal: "sso-no-role" });
    // Teams alone give no role.
    expect(ssoIdentity({ ...claims, groups: ["ml-research"] }, c)).toEqual({ refusal: "sso-no-role" });
    const lenient = config({ OIDC_DEFAULT_ROLE: "viewer", OIDC_GROUP_MAP: "{ml-research: {teams: [ml-research]}}" });
    expect(ssoIdentity({ ...claims, groups: ["ml-research"] }, lenient)).toMatchObject({ role: "viewer", teams: [{ team: "ml-research", lead: false }] });
    expect(ssoIdentity({ ...claims, groups: undefined }, lenient)).toMatchObject({ role: "viewer", teams: [] });
  });

  it("refuses a missing or unverified e-mail and a missing subject", () => {
    expect(ssoIdentity({ ...claims, email: undefined }, c)).toEqual({ refusal: "sso-no-email" });
    expect(ssoIdentity({ ...claims, email: "not-an-email" }, c)).toEqual({ refusal: "sso-no-email" });
    expect(ssoIdentity({ ...claims, sub: "" }, c)).toEqual({ refusal: "sso-no-email" });
    expect(ssoIdentity({ ...claims, email_verified: false }, c)).toEqual({ refusal: "sso-unverified" });
    // Providers that do not send email_verified are trusted for the address.
    expect(ssoIdentity({ ...claims, email_verified: undefined }, c)).toMatchObject({ role: "developer" });
  });

  it("names the user by name, then preferred_username, then e-mail", () => {
    expect(ssoIdentity({ ...claims, name: " ", preferred_username: "lwei" }, c)).toMatchObject({ name: "lwei" });
    expect(ssoIdentity({ ...claims, name: undefined }, c)).toMatchObject({ name: "lin@sso.example" });
  });
});

describe("signInErrorMessage", () => {
  it("says each refusal in words and never echoes the URL's text", () => {
    expect(signInErrorMessage("sso-no-role")).toBe(SSO_REFUSALS["sso-no-role"]);
    expect(signInErrorMessage("OAuthCallback")).toBe(SSO_REFUSALS["sso-failed"]);
    expect(signInErrorMessage("Call 555-0100 to restore your account")).toBe(SSO_REFUSALS["sso-failed"]);
    expect(signInErrorMessage("database-unavailable")).toMatch(/^The console's database \(PostgreSQL\) cannot be reached/);
    expect(credentialsErrorMessage("CredentialsSignin")).toBe("Wrong email or password.");
    expect(credentialsErrorMessage("throttled-120")).toBe("Too many failed sign-ins: wait 2 minutes before trying again.");
    // Raw text (a driver's error) is never shown.
    expect(credentialsErrorMessage("Invalid `prisma.user.findUnique()` invocation: Can't reach database server")).toBe(SSO_REFUSALS["sign-in-failed"]);
    expect(signInErrorMessage("CredentialsSignin")).toBeNull();
    expect(signInErrorMessage(undefined)).toBeNull();
  });
});
