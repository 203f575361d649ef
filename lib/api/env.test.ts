import { describe, expect, it } from "vitest";
import { databaseUrl, getEnv } from "./env";

describe("env", () => {
  it("fills defaults and the embedded database URL", () => {
    const env = getEnv({});
    expect(env.PROMETHEUS_URL).toBe("http://127.0.0.1:9090");
    expect(env.DEMO_MODE).toBe(false);
    expect(databaseUrl(env)).toBe("postgresql://postgres:postgres@127.0.0.1:54329/fleet");
    expect(databaseUrl(getEnv({ PG_PORT: "6000" }))).toBe("postgresql://postgres:postgres@127.0.0.1:6000/fleet");
  });

  it("uses DATABASE_URL when set", () => {
    expect(databaseUrl(getEnv({ DATABASE_URL: "postgresql://u:p@db:5432/x" }))).toBe("postgresql://u:p@db:5432/x");
  });

  it("takes REDIS_URL unset or empty as no shared cache, and names a bad one", () => {
    expect(getEnv({}).REDIS_URL).toBeUndefined();
    expect(getEnv({ REDIS_URL: "" }).REDIS_URL).toBeUndefined();
    expect(getEnv({ REDIS_URL: "redis://cache:6379" }).REDIS_URL).toBe("redis://cache:6379");
    expect(() => getEnv({ REDIS_URL: "cache:6379:x" })).toThrow(/REDIS_URL: a redis:\/\/ URL/);
  });

  it("names every bad variable", () => {
    expect(() => getEnv({ PROMETHEUS_URL: "not a url", PROM_TIMEOUT_MS: "-1" })).toThrow(/PROMETHEUS_URL.*PROM_TIMEOUT_MS/);
  });
});
