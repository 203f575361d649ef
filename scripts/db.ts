/**
 * `npm run db:migrate` / `npm run db:seed` against DATABASE_URL (or the embedded default
 * on PG_PORT, which must be running: `npm run demo` starts it).
 */
import { databaseUrl } from "../lib/api/env";
import { migrate } from "../lib/db/migrate";
import { createPrisma } from "../lib/db/client";
import { compileAlertmanagerConfig, PLACEHOLDER_SECRETS } from "../lib/routing/compile";
import { seed, seedRoutingModel } from "../prisma/seed";
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
} else {
  console.error("usage: node scripts/run.mjs db migrate|seed|default-routing");
  process.exit(2);
}
