import bcrypt from "bcryptjs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createPrisma } from "@/lib/db/client";
import { DEMO_PRICES, seed } from "../../prisma/seed";
import { authorizeCredentials } from "./options";

const db = createPrisma();

describe("credentials sign-in against the real database", () => {
  beforeAll(async () => {
    await seed(db, { demo: true, demoPassword: "fleet-demo" });
  });
  afterAll(() => db.$disconnect());

  it("accepts the right password and carries role and teams", async () => {
    const user = await authorizeCredentials({ email: "developer@demo.local", password: "fleet-demo" });
    expect(user).toMatchObject({ email: "developer@demo.local", role: "developer" });
    const teams = await db.team.findMany({ where: { slug: { in: ["ml-research", "inference"] } } });
    expect([...(user?.teamIds ?? [])].sort()).toEqual(teams.map((t) => t.id).sort());
    expect([...(user?.teams ?? [])].sort()).toEqual(["inference", "ml-research"]);
  });

  it("is case-insensitive about the e-mail", async () => {
    expect(await authorizeCredentials({ email: " SRE@Demo.Local ", password: "fleet-demo" })).toMatchObject({ role: "sre" });
  });

  it("refuses a wrong password, an unknown e-mail and malformed input", async () => {
    expect(await authorizeCredentials({ email: "sre@demo.local", password: "wrong" })).toBeNull();
    expect(await authorizeCredentials({ email: "nobody@demo.local", password: "fleet-demo" })).toBeNull();
    expect(await authorizeCredentials({ email: "not-an-email", password: "x" })).toBeNull();
    expect(await authorizeCredentials(undefined)).toBeNull();
  });

  it("stores only bcrypt hashes", async () => {
    const users = await db.user.findMany({ where: { email: { endsWith: "@demo.local" } } });
    expect(users).toHaveLength(4);
    for (const u of users) expect(u.passwordHash).toMatch(/^\$2[aby]\$12\$/);
  });

  it("seeding twice changes nothing", async () => {
    const before = await db.user.count();
    await seed(db, { demo: true, demoPassword: "fleet-demo" });
    expect(await db.user.count()).toBe(before);
    // The developer's two teams; prices only where none was set.
    expect(await db.membership.count({ where: { user: { email: { endsWith: "@demo.local" } } } })).toBe(2);
    expect(await db.gpuPrice.count({ where: { modelName: { in: DEMO_PRICES.map((p) => p.modelName) } } })).toBe(DEMO_PRICES.length);
  });

  it("throttles by address and account: the fifth failure waits, a refused try costs no bcrypt, unknown accounts answer the same, another address still signs in", async () => {
    const run = Date.now().toString(36);
    const attacker = `198.51.100.${Math.floor(Math.random() * 200) + 1}-${run}`;
    const refusal = (p: Promise<unknown>) => p.then(() => "signed in", (e: Error) => e.message);
    for (let i = 1; i <= 4; i++) expect(await authorizeCredentials({ email: "viewer@demo.local", password: `wrong ${i}` }, attacker)).toBeNull();
    expect(await refusal(authorizeCredentials({ email: "viewer@demo.local", password: "wrong 5" }, attacker))).toBe("throttled-30");
    // Refused before any password check, even with the right one.
    const compare = vi.spyOn(bcrypt, "compare");
    expect(await refusal(authorizeCredentials({ email: "viewer@demo.local", password: "fleet-demo" }, attacker))).toMatch(/^throttled-\d+$/);
    expect(compare).not.toHaveBeenCalled();
    compare.mockRestore();
    // An unknown account: the very same answers.
    for (let i = 1; i <= 4; i++) expect(await authorizeCredentials({ email: `nobody-${run}@demo.local`, password: "x" }, attacker)).toBeNull();
    expect(await refusal(authorizeCredentials({ email: `nobody-${run}@demo.local`, password: "x" }, attacker))).toBe("throttled-30");
    // The attacker throttled only themselves: the viewer signs in from their own address.
    expect(await authorizeCredentials({ email: "viewer@demo.local", password: "fleet-demo" }, `203.0.113.7-${run}`)).toMatchObject({ role: "viewer" });
    // No account row was locked.
    expect(await db.user.findUniqueOrThrow({ where: { email: "viewer@demo.local" } })).toMatchObject({ lockedUntil: null });
  });
});
