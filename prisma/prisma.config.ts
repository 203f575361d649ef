import { defineConfig } from "prisma/config";

// The CLI needs a URL even for `generate`; the embedded default is used when unset so
// that `prisma generate` works on a fresh clone.
const DEFAULT_URL = "postgresql://postgres:postgres@127.0.0.1:54329/fleet";

export default defineConfig({
  schema: "schema.prisma",
  migrations: { path: "migrations" },
  datasource: { url: process.env.DATABASE_URL ?? DEFAULT_URL },
});
