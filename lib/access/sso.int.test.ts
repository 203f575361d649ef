import { afterAll, describe, expect, it } from "vitest";
import type { SsoIdentity } from "@/lib/auth/sso";
import { createPrisma } from "@/lib/db/client";
import { signInWithSso } from "./repo";

const db = createPrisma();
const run = `sso-${Date.now().toString(36)}`;
const ISSUER = "https://login.example.com";

function identity(sub: string, extra: Partial<SsoIdentity> = {}): SsoIdentity {
  return { ssoId: `${ISSUER}#${run}-${sub}`, email: `${run}-${sub}@sso.example`, name: `SSO ${sub}`, role: "developer", teams: [{ team: "inference", lead: true }], ...extra };
}

const ok = (r: Awaited<ReturnType<typeof signInWithSso>>) => {
  if ("refusal" in r) throw new Error(`refused: ${r.refusal}`);
  return r.user;
};

describe("single sign-on users in the real PostgreSQL", () => {
  afterAll(() => db.$disconnect());

  it("the first sign-in creates the user from the groups; later ones follow the groups, and a role change ends the other sessions", async () => {
    const first = ok(await signInWithSso(identity("a", { teams: [{ team: "inference", lead: true }, { team: "no-such-team", lead: false }] }), db));
    expect(first).toMatchObject({ email: `${run}-a@sso.example`, role: "developer", teams: ["inference"], passwordHash: null, sessionVersion: 0 });
    const created = await db.auditEvent.findFirst({ where: { action: "user.create", targetId: first.id } });
    expect(created).toMatchObject({ actorKind: "system", actorName: "single sign-on" });
    expect(created!.after).toMatchObject({ role: "developer", teams: ["inference (lead)"], sso: `${ISSUER}#${run}-a`, password: null });

    // Same groups: nothing to audit, the same session version, a fresh last sign-in.
    const again = ok(await signInWithSso(identity("a"), db));
    expect(again).toMatchObject({ id: first.id, sessionVersion: 0 });
    expect(await db.auditEvent.count({ where: { targetId: first.id } })).toBe(1);

    // The provider now says sre, member of ml-research, with a new name and e-mail.
    const moved = ok(await signInWithSso(identity("a", { role: "sre", name: "Renamed", email: `${run}-a2@sso.example`, teams: [{ team: "ml-research", lead: false }] }), db));
    expect(moved).toMatchObject({ id: first.id, role: "sre", name: "Renamed", email: `${run}-a2@sso.example`, teams: ["ml-research"], sessionVersion: 1 });
    const update = await db.auditEvent.findFirst({ where: { action: "user.update", targetId: first.id } });
    expect(update!.before).toMatchObject({ role: "developer", teams: ["inference (lead)"] });
    expect(update!.after).toMatchObject({ role: "sre", teams: ["ml-research"], sessions: "ended" });
    expect((await db.user.findUniqueOrThrow({ where: { id: first.id } })).lastLoginAt).not.toBeNull();
  });

  it("takes over an SSO-only user an admin created with that e-mail, keeping its id", async () => {
    const made = await db.user.create({ data: { email: `${run}-b@sso.example`, name: "Made by admin", role: "viewer" } });
    const user = ok(await signInWithSso(identity("b", { role: "sre", teams: [] }), db));
    expect(user).toMatchObject({ id: made.id, role: "sre" });
    expect((await db.user.findUniqueOrThrow({ where: { id: made.id } })).ssoId).toBe(`${ISSUER}#${run}-b`);
  });

  it("refuses an e-mail that signs in with a password or belongs to another SSO account, and changes nothing", async () => {
    const pw = await db.user.create({ data: { email: `${run}-c@sso.example`, name: "Has a password", role: "developer", passwordHash: "$2b$10$notarealhashbutnotnullxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" } });
    expect(await signInWithSso(identity("c", { role: "admin" }), db)).toEqual({ refusal: "sso-email-taken" });
    expect(await db.user.findUniqueOrThrow({ where: { id: pw.id } })).toMatchObject({ role: "developer", ssoId: null });

    const other = ok(await signInWithSso(identity("d"), db));
    expect(await signInWithSso(identity("d-other", { email: `${run}-d@sso.example`, role: "admin" }), db)).toEqual({ refusal: "sso-email-taken" });
    expect(await db.user.findUniqueOrThrow({ where: { id: other.id } })).toMatchObject({ role: "developer", ssoId: `${ISSUER}#${run}-d` });
    expect(await db.user.count({ where: { email: { startsWith: `${run}-d` } } })).toBe(1);
  });

  it("refuses a disabled user", async () => {
    const user = ok(await signInWithSso(identity("e"), db));
    await db.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    expect(await signInWithSso(identity("e", { role: "admin" }), db)).toEqual({ refusal: "sso-disabled" });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).role).toBe("developer");
  });
});
