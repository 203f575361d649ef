import { writeFileSync } from "node:fs";
import path from "node:path";
import { createApiToken } from "../../lib/tokens/repo";
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

const SCRAPE_TOKEN = "prometheus-scrape";

/**
 * An API token (role sre) for Prometheus to scrape the console's /api/metrics, written to
 * `file` for its `credentials_file` (read at every scrape, so it may come after Prometheus
 * starts); the one a previous start made is revoked.
 */
export async function writeScrapeToken(url: string, file: string): Promise<void> {
  const db = createPrisma(url);
  try {
    await db.apiToken.updateMany({ where: { name: SCRAPE_TOKEN, revokedAt: null }, data: { revokedAt: new Date() } });
    const { token } = await createApiToken({ name: SCRAPE_TOKEN, role: "sre", teams: [] }, db);
    writeFileSync(file, token, { mode: 0o600 });
  } finally {
    await db.$disconnect();
  }
}
