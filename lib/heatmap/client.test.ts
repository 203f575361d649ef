import { describe, expect, it } from "vitest";
import { warningsHeader } from "./client";

describe("warningsHeader", () => {
  it("reads the route's URI-encoded JSON list back, whatever the warning says", () => {
    const warnings = ['replica ha/replica-2 failed: datasource "ha/replica-2" is unreachable: ECONNREFUSED', "ünïcode, commas; and \"quotes\""];
    expect(warningsHeader(encodeURIComponent(JSON.stringify(warnings)))).toEqual(warnings);
  });
  it("takes anything else as no warning", () => {
    expect(warningsHeader(null)).toEqual([]);
    expect(warningsHeader("%E0%A4%A")).toEqual([]);
    expect(warningsHeader(encodeURIComponent('{"a":1}'))).toEqual([]);
    expect(warningsHeader(encodeURIComponent('["ok", 3]'))).toEqual(["ok"]);
  });
});
