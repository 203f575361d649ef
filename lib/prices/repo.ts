import "server-only";
import { isDatabaseDown } from "@/lib/api/errors";
import type { AuditActor } from "@/lib/audit/model";
import type { GpuPriceRow, PriceTable } from "@/lib/prices/schema";
import { recordAudit } from "@/lib/audit/repo";
import { getPrisma } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/db/generated/client";

// The last table read, per process: prices are configuration that changes rarely, so
// with PostgreSQL down the overview's cost panels keep drawing with it.
const lastRead = globalThis as typeof globalThis & { __gpuPrices?: GpuPriceRow[] };

export async function listPrices(db: PrismaClient = getPrisma()): Promise<GpuPriceRow[]> {
  try {
    const rows = await db.gpuPrice.findMany({ orderBy: { modelName: "asc" } });
    lastRead.__gpuPrices = rows.map((r) => ({ modelName: r.modelName, usdPerGpuHour: Number(r.usdPerGpuHour), updatedAt: r.updatedAt.getTime(), updatedBy: r.updatedBy }));
    return lastRead.__gpuPrices;
  } catch (error) {
    if (isDatabaseDown(error) && lastRead.__gpuPrices) return lastRead.__gpuPrices;
    throw error;
  }
}

/** Replaces the table in one transaction: models left out are removed, the rest upserted (only changed rows get a new author). */
export async function savePrices(table: PriceTable, actor: AuditActor, db: PrismaClient = getPrisma()): Promise<GpuPriceRow[]> {
  const by = actor.name;
  await db.$transaction(async (tx) => {
    const before = Object.fromEntries((await tx.gpuPrice.findMany({ orderBy: { modelName: "asc" } })).map((r) => [r.modelName, Number(r.usdPerGpuHour)]));
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
    const after = Object.fromEntries([...table.prices].sort((a, b) => a.modelName.localeCompare(b.modelName)).map((p) => [p.modelName, p.usdPerGpuHour]));
    if (JSON.stringify(before) !== JSON.stringify(after)) await recordAudit(tx, actor, { action: "prices.update", targetId: "gpu-prices", before, after });
  });
  return listPrices(db);
}
