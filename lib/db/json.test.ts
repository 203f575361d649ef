import { describe, expect, it } from "vitest";
import { ScheduleSchema } from "@/lib/maintenance/schedule";
import { StoredMatchersSchema } from "@/lib/silences/schema";
import { readJson, toJson } from "./json";

describe("JSON columns", () => {
  it("reads a stored value with its schema (defaults filled), and names the column when it does not match", () => {
    expect(readJson(StoredMatchersSchema, [{ name: "alertname", value: "GpuHot" }], "silence s1 matchers")).toEqual([{ name: "alertname", value: "GpuHot", isRegex: false, isEqual: true }]);
    expect(() => readJson(StoredMatchersSchema, [{ name: "1bad", value: "x" }], "silence s1 matchers")).toThrow(/^silence s1 matchers: the stored JSON does not match its schema \(0\.name: a label name/);
    expect(() => readJson(ScheduleSchema, { kind: "hourly" }, "maintenance window w1 schedule")).toThrow(/^maintenance window w1 schedule: .*kind/);
  });
  it("writes what JSON keeps of a value", () => {
    expect(toJson({ a: 1, b: undefined, c: [new Date(0)] })).toEqual({ a: 1, c: ["1970-01-01T00:00:00.000Z"] });
    expect(() => toJson(undefined)).toThrow(/Prisma.DbNull/);
  });
});
