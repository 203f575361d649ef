import "server-only";
import path from "node:path";
import { hashPassword } from "../lib/auth/password";
import type { Role } from "../lib/auth/roles";
import type { PrismaClient } from "../lib/db/generated/client";
import { systemActor } from "../lib/audit/model";
import { createWindow } from "../lib/maintenance/repo";
import { seedRouting } from "../lib/routing/repo";
import type { MaintenanceInput } from "../lib/maintenance/model";
import { seedXidCodes } from "../lib/xid/repo";
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

const eq = (name: string, value: string) => ({ name, value, isRegex: false, isEqual: true });

/**
 * The demo's maintenance (`npm run demo` only: the test stacks' fleets have other nodes, and
 * their tests make their own): a node's weekly firmware slot in Berlin time and a nightly
 * burn-in, so the alerts page lists what is coming and the charts of the last day or week
 * draw their bands. The console makes their silences on its first pass.
 */
export const DEMO_MAINTENANCE: MaintenanceInput[] = [
  {
    name: "eu-west-gpu-016 firmware and driver updates",
    matchers: [eq("Hostname", "eu-west-gpu-016")],
    schedule: { kind: "weekly", days: ["sat"], at: "02:00", durationMinutes: 240, timeZone: "Europe/Berlin" },
    comment: "Weekly slot for GPU firmware, NVIDIA driver and BIOS updates; the node is drained first.",
  },
  {
    name: "us-east-gpu-016 nightly NCCL burn-in",
    matchers: [eq("Hostname", "us-east-gpu-016")],
    schedule: { kind: "cron", cron: "30 3 * * *", durationMinutes: 45, timeZone: "UTC" },
    comment: "all_reduce burn-in on the spare node; its GPUs run hot on purpose.",
  },
];

/** Creates the demo's windows that do not exist yet (by name): a window an SRE edited or deleted is left as they left it. */
export async function seedDemoMaintenance(db: PrismaClient): Promise<void> {
  const known = new Set((await db.maintenanceWindow.findMany({ where: { name: { in: DEMO_MAINTENANCE.map((w) => w.name) } }, select: { name: true } })).map((w) => w.name));
  for (const w of DEMO_MAINTENANCE.filter((x) => !known.has(x.name))) await createWindow(w, systemActor("demo seed"), {}, db);
}
