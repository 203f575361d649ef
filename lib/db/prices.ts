import "server-only";
import type { GpuPriceRow, PriceTable } from "@/lib/prices/schema";
import { getPrisma } from "./client";
import type { PrismaClient } from "./generated/client";

export async function listPrices(db: PrismaClient = getPrisma()): Promise<GpuPriceRow[]> {
  const rows = await db.gpuPrice.findMany({ orderBy: { modelName: "asc" } });
  return rows.map((r) => ({ modelName: r.modelName, usdPerGpuHour: Number(r.usdPerGpuHour), updatedAt: r.updatedAt.getTime(), updatedBy: r.updatedBy }));
}

/** Replaces the table in one transaction: models left out are removed, the rest upserted (only changed rows get a new author). */
export async function savePrices(table: PriceTable, by: string, db: PrismaClient = getPrisma()): Promise<GpuPriceRow[]> {
  await db.$transaction(async (tx) => {
    await tx.gpuPrice.deleteMany({ where: { modelName: { notIn: table.prices.map((p) => p.modelName) } } });
    const current = new Map((await tx.gpuPrice.findMany()).map((r) => [r.modelName, Number(r.usdPerGpuHour)]));
    for (const p of table.prices) {
      if (current.get(p.modelName) === p.usdPerGpuHour) continue;
      await tx.gpuPrice.upsert({
        where: { modelName: p.modelName },
        update: { usdPerGpuHour: p.usdPerGpuHour, updatedBy: by },
        create: { modelName: p.modelName, usdPerGpuHour: p.usdPerGpuHour, updatedBy: by },
      });
    }
  });
  return listPrices(db);
}
