import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma } from "@/lib/db/client";
import { systemActor } from "@/lib/audit/model";
import { listPrices, savePrices } from "./repo";

const db = createPrisma();

describe("GPU prices in the real PostgreSQL", () => {
  let before: { modelName: string; usdPerGpuHour: number }[] = [];
  beforeAll(async () => {
    before = (await listPrices(db)).map(({ modelName, usdPerGpuHour }) => ({ modelName, usdPerGpuHour }));
  });
  afterAll(async () => {
    await savePrices({ prices: before }, systemActor("int-test restore"), db);
    await db.$disconnect();
  });

  it("replaces the table: new prices added, changed ones re-authored, unchanged ones kept, missing ones removed", async () => {
    await savePrices({ prices: [{ modelName: "int A", usdPerGpuHour: 1.25 }, { modelName: "int B", usdPerGpuHour: 2 }] }, systemActor("alice"), db);
    const saved = await savePrices({ prices: [{ modelName: "int A", usdPerGpuHour: 1.25 }, { modelName: "int C", usdPerGpuHour: 3.1234 }] }, systemActor("bob"), db);
    expect(saved.map((p) => [p.modelName, p.usdPerGpuHour, p.updatedBy])).toEqual([
      ["int A", 1.25, "alice"],
      ["int C", 3.1234, "bob"],
    ]);
  });

  it("keeps four decimals, as the column says", async () => {
    const [p] = await savePrices({ prices: [{ modelName: "int A", usdPerGpuHour: 0.12345 }] }, systemActor("carol"), db);
    expect(p!.usdPerGpuHour).toBe(0.1235);
  });
});
