import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { databaseUrl } from "@/lib/api/env";
import { PrismaClient } from "./generated/client";

/** One Prisma client per process (Next's dev server reloads modules; keep it global). */
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

export function createPrisma(connectionString: string = databaseUrl()): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString }) });
}

export function getPrisma(): PrismaClient {
  globalForPrisma.prisma ??= createPrisma();
  return globalForPrisma.prisma;
}
