import { describe, expect, it } from "vitest";
import { healthHttpStatus, summarizeHealth, type CheckResult } from "./summary";

const up: CheckResult = { status: "up", latencyMs: 3 };
const down: CheckResult = { status: "down", latencyMs: 2000, error: "ECONNREFUSED" };

describe("summarizeHealth", () => {
  it("is ok when everything answers", () => {
    const r = summarizeHealth({ database: up, prometheus: up, alertmanager: up });
    expect(r.status).toBe("ok");
    expect(healthHttpStatus(r)).toBe(200);
  });

  it("is degraded (still 200) when Prometheus or Alertmanager is down", () => {
    expect(summarizeHealth({ database: up, prometheus: down, alertmanager: up }).status).toBe("degraded");
    const r = summarizeHealth({ database: up, prometheus: up, alertmanager: down });
    expect(healthHttpStatus(r)).toBe(200);
  });

  it("is down (503) without the database", () => {
    const r = summarizeHealth({ database: down, prometheus: up, alertmanager: up });
    expect(r.status).toBe("down");
    expect(healthHttpStatus(r)).toBe(503);
  });
});
