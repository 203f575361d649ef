import { describe, expect, it } from "vitest";
import { formatValue } from "./units";

describe("formatValue", () => {
  it.each([
    [73.456, "percent", "73.5%"],
    [0, "percent", "0%"],
    [87, "celsius", "87 °C"],
    [699.5, "watts", "700 W"],
    [5600, "watts", "5.6 kW"],
    [81559, "mebibytes", "79.6 GiB"],
    [512, "mebibytes", "512 MiB"],
    [1536, "bytes", "1.5 KiB"],
    [0.0123, "seconds", "12.3 ms"],
    [12.5, "seconds", "12.5 s"],
    [3.14159, "none", "3.14"],
    [1980.4, "megahertz", "1980 MHz"],
    [2_500_000, "bytes_per_second", "2.38 MiB/s"],
    [12.34, "ops_per_second", "12.3 ops/s"],
    [45_600, "ops_per_second", "45.6k ops/s"],
    [3.5, "usd", "$3.50"],
    [1_234_567, "usd", "$1.23M"],
  ] as const)("%s %s → %s", (value, unit, expected) => {
    expect(formatValue(value, unit)).toBe(expected);
  });

  it("shows a dash for missing values", () => {
    expect(formatValue(null, "percent")).toBe("–");
    expect(formatValue(Number.NaN, "watts")).toBe("–");
  });
});
