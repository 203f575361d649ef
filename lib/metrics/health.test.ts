import { describe, expect, it } from "vitest";
import { dcgmHealthName } from "./health";

describe("DCGM health codes", () => {
  it("are named as DCGM names its health results", () => {
    expect([0, 10, 20].map(dcgmHealthName)).toEqual(["healthy", "warning", "failure"]);
    expect(dcgmHealthName(7)).toBe("code 7");
  });
});
