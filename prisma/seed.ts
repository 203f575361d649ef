import "server-only";
import path from "node:path";
import { hashPassword } from "../lib/auth/password";
import type { Role } from "../lib/auth/roles";
import type { PrismaClient } from "../lib/db/generated/client";
import { seedRouting } from "../lib/db/routing";
import { seedXidCodes } from "../lib/db/xids";
import { importRunbookDir } from "../lib/runbooks/files";
import { defaultRouting, RoutingModelSchema, type RoutingModel } from "../lib/routing/model";

/**
 * Seeds the teams every environment has (their slugs are the `team` label values that
 * deploy/prometheus derives from namespaces, plus `platform` for fleet hardware) and,
 * in demo mode only, one user per role. Idempotent: running it again updates, never
 * duplicates.
 */
export const TEAMS = [
  { slug: "platform", name: "Platform / SRE" },
  { slug: "ml-research", name: "ML Research" },
  { slug: "llm-training", name: "LLM Training" },
  { slug: "inference", name: "Inference" },
  { slug: "recsys", name: "Recommendations" },
] as const;

/** The runbooks every environment starts with: one per alert rule in deploy/prometheus (RUNBOOKS_DIR: where a bundled tool finds them). */
export const SHIPPED_RUNBOOKS = process.env.RUNBOOKS_DIR ?? path.join(import.meta.dirname, "../deploy/runbooks");

/** Every environment starts with the default routing of these teams (deploy/alertmanager/alertmanager.yml is its compile). */
export function seedRoutingModel(): RoutingModel {
  return RoutingModelSchema.parse(defaultRouting(TEAMS.map((t) => ({ slug: t.slug, labelValue: t.slug }))));
}

export const DEMO_USERS: { email: string; name: string; role: Role; teams: string[]; leads?: string[] }[] = [
  { email: "viewer@demo.local", name: "Vera Viewer", role: "viewer", teams: [] },
  // Leads inference: edits its receivers in the routing.
  { email: "developer@demo.local", name: "Dev Developer", role: "developer", teams: ["ml-research", "inference"], leads: ["inference"] },
  { email: "sre@demo.local", name: "Sam SRE", role: "sre", teams: [] },
  { email: "admin@demo.local", name: "Ada Admin", role: "admin", teams: [] },
];

/** Demo GPU-hour prices (on-demand list prices in 2026, rounded); admins set their own at /settings/prices. */
export const DEMO_PRICES = [
  { modelName: "NVIDIA A100-SXM4-80GB", usdPerGpuHour: 1.8 },
  { modelName: "NVIDIA H100 80GB HBM3", usdPerGpuHour: 2.9 },
  { modelName: "NVIDIA H200", usdPerGpuHour: 3.6 },
] as const;

export async function seed(db: PrismaClient, opts: { demo: boolean; demoPassword: string }): Promise<void> {
  const teams = new Map<string, string>();
  for (const t of TEAMS) {
    const team = await db.team.upsert({ where: { slug: t.slug }, update: { name: t.name }, create: { ...t, labelValue: t.slug } });
    teams.set(t.slug, team.id);
  }
  // The routing deploy/alertmanager.yml was compiled from; an admin's routing survives a re-seed.
  await seedRouting(seedRoutingModel(), "seed", db);
  // The shipped runbooks (deploy/runbooks), where missing: a runbook edited in the console survives a re-seed.
  await importRunbookDir(SHIPPED_RUNBOOKS, { onlyNew: true, db });
  // NVIDIA's XID codes, where missing: an admin's edit of a row survives a re-seed.
  await seedXidCodes(db);
  if (!opts.demo) return;
  for (const p of DEMO_PRICES) {
    // Only where no price is set: an admin's price survives a re-seed.
    await db.gpuPrice.upsert({ where: { modelName: p.modelName }, update: {}, create: { ...p, updatedBy: "seed" } });
  }
  const passwordHash = await hashPassword(opts.demoPassword);
  for (const u of DEMO_USERS) {
    const user = await db.user.upsert({
      where: { email: u.email },
      update: { name: u.name, role: u.role, passwordHash },
      create: { email: u.email, name: u.name, role: u.role, passwordHash },
    });
    for (const slug of u.teams) {
      const teamId = teams.get(slug);
      if (!teamId) continue;
      await db.membership.upsert({
        where: { userId_teamId: { userId: user.id, teamId } },
        update: { lead: u.leads?.includes(slug) ?? false },
        create: { userId: user.id, teamId, lead: u.leads?.includes(slug) ?? false },
      });
    }
  }
}
