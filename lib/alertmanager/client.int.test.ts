import { afterAll, describe, expect, it } from "vitest";
import { silenceBands } from "@/lib/alerting/silences";
import { getEnv } from "@/lib/api/env";
import { listSilences } from "./client";

const ALERTMANAGER_URL = process.env.ALERTMANAGER_URL!;
const created: string[] = [];

async function createSilence(matchers: { name: string; value: string; isRegex: boolean; isEqual: boolean }[], comment: string): Promise<string> {
  const now = Date.now();
  const response = await fetch(`${ALERTMANAGER_URL}/api/v2/silences`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ matchers, startsAt: new Date(now).toISOString(), endsAt: new Date(now + 3_600_000).toISOString(), createdBy: "int-test", comment }),
  });
  expect(response.status).toBe(200);
  const { silenceID } = (await response.json()) as { silenceID: string };
  created.push(silenceID);
  return silenceID;
}

describe("silences from the real Alertmanager", () => {
  afterAll(async () => {
    for (const id of created) await fetch(`${ALERTMANAGER_URL}/api/v2/silence/${id}`, { method: "DELETE" });
  });

  it("reads them, limits a team-scoped caller to its teams' silences, and draws a band on the matching GPU", async () => {
    const node = await createSilence(
      [
        { name: "alertname", value: "GpuThermalThrottling", isRegex: false, isEqual: true },
        { name: "Hostname", value: "int-gpu-001", isRegex: false, isEqual: true },
      ],
      "int: node",
    );
    const team = await createSilence([{ name: "team", value: "ml-research", isRegex: false, isEqual: true }], "int: team");

    const all = await listSilences({ scope: null });
    expect(all.map((s) => s.id)).toEqual(expect.arrayContaining([node, team]));
    const scoped = await listSilences({ scope: ["ml-research"] });
    expect(scoped.map((s) => s.id)).toContain(team);
    expect(scoped.map((s) => s.id)).not.toContain(node);

    const now = Date.now();
    const bands = silenceBands(all, [{ name: "int-gpu-001 GPU 0", labels: { Hostname: "int-gpu-001", gpu: "0" } }, { name: "other", labels: { Hostname: "int-gpu-002", gpu: "0" } }], {
      fromMs: now - 600_000,
      toMs: now + 60_000,
    });
    expect(bands.find((b) => b.id === node)?.seriesNames).toEqual(["int-gpu-001 GPU 0"]);
  });

  it("says plainly when Alertmanager is unreachable", async () => {
    const env = getEnv({ ...process.env, ALERTMANAGER_URL: "http://127.0.0.1:1" });
    await expect(listSilences({ scope: null, env })).rejects.toThrow(/Alertmanager unreachable/);
  });
});
