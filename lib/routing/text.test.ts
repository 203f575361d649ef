import { describe, expect, it } from "vitest";
import { joinList, parseTimes, splitList, timesText } from "./text";

describe("the routing editor's list fields", () => {
  it("splits on commas outside double quotes, trims, drops empties", () => {
    expect(splitList('team="a,b", severity=~"critical|warning" ,, gpu!="0"')).toEqual(['team="a,b"', 'severity=~"critical|warning"', 'gpu!="0"']);
    expect(splitList('x="say \\"hi, there\\""')).toEqual(['x="say \\"hi, there\\""']);
    expect(splitList("  ")).toEqual([]);
  });

  it("round-trips lists and time ranges", () => {
    const items = ['team="a,b"', "severity=critical"];
    expect(splitList(joinList(items))).toEqual(items);
    const times = [{ start: "09:00", end: "18:00" }, { start: "20:00", end: "24:00" }];
    expect(timesText(times)).toBe("09:00-18:00, 20:00-24:00");
    expect(parseTimes(timesText(times))).toEqual(times);
  });
});
