import { describe, expect, it } from "vitest";
import { TEAMS } from "../../prisma/seed";
import { TEAM_NAMESPACES, teamForNamespace } from "./teams";

describe("teams", () => {
  it("maps every namespace of a team to that team, and nothing else", () => {
    for (const t of TEAM_NAMESPACES) for (const ns of t.namespaces) expect(teamForNamespace(ns)).toBe(t.team);
    expect(teamForNamespace("kube-system")).toBeUndefined();
    expect(teamForNamespace("researchers")).toBeUndefined();
  });

  it("every team that owns namespaces is a seeded team", () => {
    const seeded = TEAMS.map((t) => t.slug as string);
    for (const t of TEAM_NAMESPACES) expect(seeded).toContain(t.team);
    expect(seeded).toContain("platform");
  });
});
