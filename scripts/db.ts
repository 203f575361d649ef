/**
 * `npm run db:migrate` / `npm run db:seed` against DATABASE_URL (or the embedded default
 * on PG_PORT, which must be running: `npm run demo` starts it).
 */
import { databaseUrl } from "../lib/api/env";
import { migrate } from "../lib/db/migrate";
import { createPrisma } from "../lib/db/client";
import { compileAlertmanagerConfig, PLACEHOLDER_SECRETS } from "../lib/routing/compile";
import { exportRunbookDir, importRunbookDir } from "../lib/runbooks/files";
import { seed, seedRoutingModel, SHIPPED_RUNBOOKS } from "../prisma/seed";
import { MIGRATIONS_DIR } from "./stack/database";

const command = process.argv[2];
const url = databaseUrl();

if (command === "migrate") {
  const result = await migrate(url, MIGRATIONS_DIR);
  console.log(`applied: ${result.applied.join(", ") || "none"}; already applied: ${result.alreadyApplied.length}`);
} else if (command === "seed") {
  const demo = process.env.DEMO_MODE === "1" || process.env.DEMO_MODE === "true";
  const db = createPrisma(url);
  await seed(db, { demo, demoPassword: process.env.DEMO_PASSWORD ?? "fleet-demo" });
  await db.$disconnect();
  console.log(demo ? "seeded teams and demo users" : "seeded teams (set DEMO_MODE=1 for demo users)");
} else if (command === "default-routing") {
  // deploy/alertmanager/alertmanager.yml is this output (a test keeps them equal).
  process.stdout.write(compileAlertmanagerConfig(seedRoutingModel(), PLACEHOLDER_SECRETS));
} else if (command === "import-runbooks") {
  // Runbooks as code: upsert every <dir>/*.md by slug (default deploy/runbooks), a revision per change.
  const db = createPrisma(url);
  const summary = await importRunbookDir(process.argv[3] ?? SHIPPED_RUNBOOKS, { db });
  await db.$disconnect();
  console.log(`runbooks: ${summary.created.length} created, ${summary.updated.length} updated (${summary.updated.join(", ") || "none"}), ${summary.unchanged.length} unchanged`);
} else if (command === "export-runbooks") {
  const dir = process.argv[3];
  if (!dir) throw new Error("usage: node scripts/run.mjs db export-runbooks <dir>");
  const db = createPrisma(url);
  const slugs = await exportRunbookDir(dir, db);
  await db.$disconnect();
  console.log(`exported ${slugs.length} runbooks to ${dir}`);
} else {
  console.error("usage: node scripts/run.mjs db migrate|seed|default-routing|import-runbooks [dir]|export-runbooks <dir>");
  process.exit(2);
}
