import { createServer } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { getEnv } from "@/lib/api/env";
import { createPrisma } from "@/lib/db/client";
import { checkHealth } from "./checks";

/** A port that was free a moment ago and that nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe("health against the real services", () => {
  const db = createPrisma();
  afterAll(() => db.$disconnect());

  it("is ok with every latency measured", async () => {
    const report = await checkHealth(getEnv(), db);
    expect(report.status).toBe("ok");
    for (const check of Object.values(report.checks)) {
      expect(check.status).toBe("up");
      expect(check.latencyMs).toBeGreaterThanOrEqual(0);
    }
  });

  it("is degraded, naming the reason, when Alertmanager does not answer", async () => {
    const env = getEnv({ ...process.env, ALERTMANAGER_URL: `http://127.0.0.1:${await closedPort()}` });
    const report = await checkHealth(env, db);
    expect(report.status).toBe("degraded");
    expect(report.checks.alertmanager).toMatchObject({ status: "down", error: "ECONNREFUSED" });
    expect(report.checks.database.status).toBe("up");
  });

  it("is down when the database does not answer", async () => {
    const env = getEnv({ ...process.env, HEALTH_TIMEOUT_MS: "1500" });
    const noDb = createPrisma(`postgresql://postgres:postgres@127.0.0.1:${await closedPort()}/none`);
    try {
      const report = await checkHealth(env, noDb);
      expect(report.status).toBe("down");
      expect(report.checks.database.status).toBe("down");
    } finally {
      await noDb.$disconnect();
    }
  });
});
