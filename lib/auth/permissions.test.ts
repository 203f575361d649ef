import { describe, expect, it } from "vitest";
import { canOpen, navigationFor } from "./permissions";
import { homePathFor } from "./roles";

describe("the permission table", () => {
  it("shows each role the pages it may open, and only those", () => {
    expect(navigationFor("viewer").map((l) => l.href)).toEqual(["/overview", "/capacity"]);
    expect(navigationFor("developer").map((l) => l.href)).toEqual(["/overview", "/capacity"]);
    expect(navigationFor("sre").map((l) => l.href)).toEqual(["/overview", "/sre", "/capacity"]);
    expect(navigationFor("admin")).toEqual(navigationFor("sre"));
    expect(canOpen("viewer", "sre")).toBe(false);
    expect(canOpen("admin", "sre")).toBe(true);
  });

  it("lands every role on a page it may open", () => {
    for (const role of ["viewer", "developer", "sre", "admin"] as const) {
      expect(navigationFor(role).map((l) => l.href)).toContain(homePathFor(role));
    }
  });
});
