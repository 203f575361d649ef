import { afterAll, describe, expect, it } from "vitest";
import { systemActor } from "@/lib/audit/model";
import { createPrisma } from "@/lib/db/client";
import { createApiToken, principalForToken, revokeApiToken } from "./repo";

const db = createPrisma();
const run = `tok-${Date.now().toString(36)}`;

describe("API tokens in the real PostgreSQL", () => {
  afterAll(() => db.$disconnect());

  it("an expired token is refused from the moment it expires", async () => {
    const expiresAt = new Date(Date.now() + 60_000);
    const { token } = await createApiToken({ name: `${run}-exp`, role: "viewer", teams: [], expiresAt }, db);
    expect(await principalForToken(token, db, new Date(expiresAt.getTime() - 1000))).toMatchObject({ role: "viewer" });
    // Even while remembered: the expiry is checked on every use.
    expect(await principalForToken(token, db, new Date(expiresAt.getTime() + 1))).toBeNull();
  });

  it("a revoked token is refused at once, is kept, and the revocation is audited", async () => {
    const { token, id } = await createApiToken({ name: `${run}-rev`, role: "sre", teams: [] }, db);
    expect(await principalForToken(token, db)).toMatchObject({ role: "sre" });
    const revoked = await revokeApiToken(id, systemActor(`${run}-admin`), { ownerId: null }, db);
    expect(revoked).toMatchObject({ state: "revoked", revokedBy: `${run}-admin` });
    expect(await principalForToken(token, db)).toBeNull();
    expect(await db.apiToken.findUnique({ where: { id } })).not.toBeNull();
    expect(await db.auditEvent.findFirst({ where: { action: "token.revoke", targetId: id } })).toMatchObject({ actorName: `${run}-admin` });
    // Someone else's token: not found for them.
    await expect(revokeApiToken(id, systemActor("x"), { ownerId: "someone-else" }, db)).rejects.toMatchObject({ status: 404 });
  });

  it("follows its creator: demoted → the lower role, disabled or a scoped token widened → refused", async () => {
    const user = await db.user.create({ data: { email: `${run}@example.com`, name: run, role: "sre" } });
    const sre = await createApiToken({ name: `${run}-sre`, role: "sre", teams: [], createdById: user.id }, db);
    const dev = await createApiToken({ name: `${run}-dev`, role: "developer", teams: ["inference"], createdById: user.id }, db);
    const later = (s: number) => new Date(Date.now() + s * 60_000); // past the remembered answer
    await db.user.update({ where: { id: user.id }, data: { role: "developer" } });
    expect(await principalForToken(sre.token, db, later(1))).toMatchObject({ role: "developer" });
    await db.user.update({ where: { id: user.id }, data: { role: "viewer" } });
    expect(await principalForToken(dev.token, db, later(2))).toBeNull();
    await db.user.update({ where: { id: user.id }, data: { role: "admin", disabledAt: new Date() } });
    expect(await principalForToken(sre.token, db, later(3))).toBeNull();
  });

  it("keeps to its owner's teams now: removed from a team, the token loses it at once; the owner disabled, it stops at once", async () => {
    const [a, b] = await Promise.all(["a", "b"].map((x) => db.team.create({ data: { slug: `${run}-${x}`, name: `${run} ${x}`, labelValue: `${run}-${x}` } })));
    const user = await db.user.create({ data: { email: `${run}-lead@example.com`, name: `${run} lead`, role: "developer", memberships: { create: [{ teamId: a!.id }, { teamId: b!.id }] } } });
    const t = await createApiToken({ name: `${run}-teams`, role: "developer", teams: [a!.slug, b!.slug], createdById: user.id }, db);
    expect((await principalForToken(t.token, db))?.teams).toEqual([a!.slug, b!.slug]);
    await db.membership.delete({ where: { userId_teamId: { userId: user.id, teamId: b!.id } } });
    // The very next request, no waiting for a remembered answer to run out.
    expect((await principalForToken(t.token, db))?.teams).toEqual([a!.slug]);
    await db.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    expect(await principalForToken(t.token, db)).toBeNull();
    await db.team.deleteMany({ where: { id: { in: [a!.id, b!.id] } } });
  });
});
