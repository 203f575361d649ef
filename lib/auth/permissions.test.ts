import { describe, expect, it } from "vitest";
import { canOpen, homePathFor, navigationFor } from "./permissions";

describe("the permission table", () => {
  it("shows each role the pages it may open, and only those (issue 6's table; routing from issue 8, runbooks from issue 9)", () => {
    expect(navigationFor("viewer").map((l) => l.href)).toEqual(["/overview", "/capacity", "/runbooks"]);
    expect(navigationFor("developer").map((l) => l.href)).toEqual(["/overview", "/developer", "/explore", "/alerts", "/silences", "/runbooks", "/routing"]);
    expect(navigationFor("sre").map((l) => l.href)).toEqual(["/overview", "/sre", "/developer", "/capacity", "/explore", "/alerts", "/silences", "/runbooks", "/routing"]);
    expect(navigationFor("admin").map((l) => l.href)).toEqual(["/overview", "/sre", "/developer", "/capacity", "/explore", "/alerts", "/silences", "/runbooks", "/routing", "/settings/prices"]);
    expect(canOpen("sre", "prices")).toBe(false);
    expect(canOpen("viewer", "sre")).toBe(false);
    expect(canOpen("developer", "capacity")).toBe(false);
    expect(canOpen("viewer", "explore")).toBe(false);
    expect(canOpen("developer", "gpu")).toBe(false);
    expect(canOpen("admin", "gpu")).toBe(true);
  });

  it("lands viewers on the overview, developers on theirs, SREs and admins on the SRE dashboard", () => {
    expect(homePathFor("viewer")).toBe("/overview");
    expect(homePathFor("developer")).toBe("/developer");
    expect(homePathFor("sre")).toBe("/sre");
    expect(homePathFor("admin")).toBe("/sre");
    for (const role of ["viewer", "developer", "sre", "admin"] as const) {
      expect(navigationFor(role).map((l) => l.href)).toContain(homePathFor(role));
    }
  });
});
