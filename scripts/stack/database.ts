import path from "node:path";
import { migrate } from "../../lib/db/migrate";
import { createPrisma } from "../../lib/db/client";
import { seed, seedDemoMaintenance } from "../../prisma/seed";
import { ROOT } from "./services";

/** prisma/migrations (MIGRATIONS_DIR: where a bundled tool, as in the Docker image, finds them). */
export const MIGRATIONS_DIR = process.env.MIGRATIONS_DIR ?? path.join(ROOT, "prisma/migrations");

/** Migrates, then seeds (demo users only in demo mode; the demo's maintenance windows only when asked). */
export async function prepareDatabase(
  url: string,
  opts: { demo: boolean; demoPassword: string; demoMaintenance?: boolean },
): Promise<{ applied: string[] }> {
  const result = await migrate(url, MIGRATIONS_DIR);
  const db = createPrisma(url);
  try {
    await seed(db, opts);
    if (opts.demoMaintenance) await seedDemoMaintenance(db);
  } finally {
    await db.$disconnect();
  }
  return { applied: result.applied };
}
