/**
 * `npm run token:create -- --name grafana --role sre [--team ml-research]... [--expires 90d]`
 * Creates an API token for Prometheus clients and prints it once (only its hash is kept).
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { RoleSchema } from "../lib/auth/roles";
import { createPrisma } from "../lib/db/client";
import { createApiToken } from "../lib/tokens/repo";
import { databaseUrl } from "../lib/api/env";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    name: { type: "string" },
    role: { type: "string" },
    team: { type: "string", multiple: true, default: [] },
    expires: { type: "string" },
  },
});

const Args = z.object({
  name: z.string().min(1, "--name is required"),
  role: RoleSchema,
  team: z.array(z.string().regex(/^[a-z0-9-]+$/, "team slugs are lower-case, digits and -")),
  expires: z.string().regex(/^\d+d$/, "--expires takes days, e.g. 90d").optional(),
});

if (positionals[0] !== "create") {
  console.error("usage: npm run token:create -- --name <name> --role <viewer|developer|sre|admin> [--team <slug>]... [--expires 90d]");
  process.exit(2);
}
const parsed = Args.safeParse(values);
if (!parsed.success) {
  for (const issue of parsed.error.issues) console.error(`--${issue.path.join(".")}: ${issue.message}`);
  process.exit(2);
}
const { name, role, team, expires } = parsed.data;
if (role === "developer" && team.length === 0) {
  console.error("--team: a developer token needs at least one team (its queries are scoped to them)");
  process.exit(2);
}
const db = createPrisma(databaseUrl());
const expiresAt = expires ? new Date(Date.now() + Number(expires.slice(0, -1)) * 86_400_000) : undefined;
const { token } = await createApiToken({ name, role, teams: team, expiresAt }, db);
await db.$disconnect();
console.log(token);
console.error(`Token "${name}" (${role}${team.length ? `, teams ${team.join(", ")}` : ""}${expiresAt ? `, expires ${expiresAt.toISOString()}` : ""}). It is shown only now.`);
