import { describe, expect, it } from "vitest";
import { AnnotationInputSchema, AnnotationQuerySchema, firstIssue } from "./schema";

function problem(input: unknown): string | null {
  const r = AnnotationInputSchema.safeParse(input);
  return r.success ? null : firstIssue(r.error);
}

describe("AnnotationInputSchema", () => {
  it("accepts a point and a range, trimming the text", () => {
    expect(AnnotationInputSchema.parse({ startsAt: 1000, text: " deploy v2 ", tags: ["deploy"] })).toEqual({ startsAt: 1000, text: "deploy v2", tags: ["deploy"] });
    expect(problem({ startsAt: 1000, endsAt: 5000, text: "maintenance", dashboardId: "sre" })).toBeNull();
  });

  it("names the field that is wrong", () => {
    expect(problem({ startsAt: 5000, endsAt: 1000, text: "x" })).toBe("endsAt: before startsAt");
    expect(problem({ startsAt: 1000, text: "   " })).toBe("text: write what happened");
    expect(problem({ startsAt: "yesterday", text: "x" })).toBe("startsAt: epoch milliseconds");
    expect(problem({ startsAt: 1000, text: "x", tags: ["no spaces please"] })).toMatch(/^tags: /);
    expect(problem({ startsAt: 1000, text: "x", dashboardId: "../etc" })).toMatch(/^dashboardId: /);
    expect(problem({ startsAt: 1000, text: "x", author: "me" })).toMatch(/author/);
  });
});

describe("AnnotationQuerySchema", () => {
  it("reads from/to from the URL and refuses a reversed window", () => {
    expect(AnnotationQuerySchema.parse({ from: "1000", to: "2000" })).toEqual({ from: 1000, to: 2000 });
    const r = AnnotationQuerySchema.safeParse({ from: "2000", to: "1000" });
    expect(r.success ? null : firstIssue(r.error)).toBe("to: before from");
  });
});
