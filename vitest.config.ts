import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;
const shared = {
  resolve: {
    alias: {
      "@": root,
      // Server-only modules are tested in Node directly; the guard is for bundles.
      "server-only": path.join(root, "scripts/test/server-only-stub.ts"),
    },
  },
};

/**
 * unit: pure functions, fed with captured real responses (lib/**\/fixtures).
 * integration: against the real PostgreSQL, Prometheus and Alertmanager that
 * scripts/test.ts starts; it passes their URLs in the environment.
 */
export default defineConfig({
  test: {
    projects: [
      { ...shared, test: { name: "unit", include: ["lib/**/*.test.ts", "components/**/*.test.ts", "scripts/**/*.test.ts", "deploy/**/*.test.ts"], exclude: ["**/*.int.test.ts"], environment: "node" } },
      {
        ...shared,
        test: {
          name: "integration",
          include: ["lib/**/*.int.test.ts", "scripts/**/*.int.test.ts"],
          environment: "node",
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
