import js from "@eslint/js";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

/**
 * Import boundaries of ../shared/STYLE.md, as no-restricted-imports per layer:
 * lib/ never imports app/ or components/; pure lib/ (charts, dashboards, sim) never
 * imports React, next/*, the database or auth; components never import the database,
 * auth's server side or Prisma; echarts' runtime only in components/charts/EChart.tsx.
 */
const APP_OR_COMPONENTS = [
  { group: ["@/app/*", "@/components/*", "**/app/*", "**/components/*"], message: "lib/ never imports app/ or components/." },
];
const SERVER_ONLY = [
  { group: ["@/lib/db/*", "@/lib/*/repo", "@/lib/*/repo-reads", "@/lib/auth/throttle-repo", "@/lib/auth/options", "@/lib/auth/session", "@/lib/auth/password", "@/lib/prom/proxy/*", "@/lib/health/checks", "@/lib/heatmap/service"], message: "Server-only module: not from here." },
  { regex: "^(@prisma/.*|pg|next-auth(?!/react$).*)$", message: "Client code never touches the database or auth's server side (next-auth/react is the client part)." },
];
/**
 * The same boundaries by path (import-x/no-restricted-paths sees relative imports too,
 * which the patterns above miss), and no import cycles anywhere.
 */
/** Each feature's Prisma access (lib/<feature>/repo.ts); lib/db keeps only the client, the lock and migrations. */
const REPOS = ["lib/*/repo.ts", "lib/*/repo-reads.ts", "lib/*/*-repo.ts"];
const SERVER_FILES = ["lib/db", "lib/prom/proxy", "lib/auth/options.ts", "lib/auth/session.ts", "lib/auth/password.ts", "lib/auth/principal.ts", "lib/health/checks.ts", "lib/heatmap/service.ts", "lib/alertmanager", "lib/routing/apply.ts", "lib/routing/service.ts", "lib/silences/sync.ts", "lib/silences/service.ts"];
const PURE_LIB = ["lib/charts", "lib/dashboards", "lib/sim", "lib/heatmap/grid.ts", "lib/heatmap/codec.ts", "lib/prom/step.ts", "lib/prom/recorded.ts", "lib/prom/proxy/cost.ts", "lib/silences/plan.ts", "lib/routing/compile.ts", "lib/routing/redact.ts", "lib/alerting/re2.ts", "lib/auth/throttle.ts"];
const ZONES = [
  { target: "lib", from: ["app", "components"], message: "lib/ never imports app/ or components/." },
  { target: "components", from: SERVER_FILES, message: "Server-only module: not from a component." },
  { target: "components", from: REPOS, message: "A repository is server-only: not from a component." },
  { target: PURE_LIB, from: ["lib/db", "lib/auth/options.ts", "lib/auth/session.ts", "lib/prom/proxy/handler.ts", "lib/alertmanager", "app", "components"], message: "Pure lib/ code: no database, auth, network or UI." },
  { target: PURE_LIB, from: REPOS, message: "Pure lib/ code: no database." },
];
const ECHARTS_RUNTIME = [{ group: ["echarts", "echarts/*"], allowTypeImports: true, message: "Only components/charts/EChart.tsx touches the echarts runtime." }];

export default tseslint.config(
  { ignores: [".next/**", ".next-*/**", "dist/**", ".data/**", "node_modules/**", "lib/db/generated/**", "next-env.d.ts"] },
  js.configs.recommended,
  { files: ["*.mjs", "scripts/**/*.{ts,mjs}"], languageOptions: { globals: { process: "readonly", console: "readonly" } } },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  { files: ["e2e/**/*.ts"], rules: { "react-hooks/rules-of-hooks": "off" } },
  {
    files: ["**/*.{ts,tsx}"],
    plugins: { "import-x": importX },
    settings: {
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "./tsconfig.json" })],
      "import-x/parsers": { "@typescript-eslint/parser": [".ts", ".tsx"] },
      "import-x/extensions": [".ts", ".tsx", ".mjs", ".js"],
    },
    rules: { "import-x/no-cycle": ["error", { ignoreExternal: true }] },
  },
  // Tests may reach across (an integration test of a pure module calls the proxy it feeds).
  { files: ["lib/**/*.ts", "components/**/*.{ts,tsx}"], ignores: ["**/*.test.ts"], rules: { "import-x/no-restricted-paths": ["error", { zones: ZONES }] } },
  {
    files: ["lib/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [...APP_OR_COMPONENTS, ...ECHARTS_RUNTIME] }] },
  },
  {
    files: ["lib/charts/**/*.ts", "lib/dashboards/**/*.ts", "lib/sim/**/*.ts", "lib/heatmap/**/*.ts", "lib/alerting/alert-intervals.ts"],
    ignores: ["**/*.test.ts", "lib/heatmap/service.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            ...APP_OR_COMPONENTS,
            ...ECHARTS_RUNTIME,
            { group: ["react", "react-dom", "next", "next/*", "@/lib/db/*", "@/lib/auth/*", "@prisma/*"], message: "Pure lib/ code: no React, Next, database or auth." },
          ],
        },
      ],
    },
  },
  {
    files: ["components/**/*.{ts,tsx}"],
    ignores: ["components/charts/EChart.tsx"],
    rules: { "no-restricted-imports": ["error", { patterns: [...SERVER_ONLY, ...ECHARTS_RUNTIME] }] },
  },
  {
    files: ["components/charts/EChart.tsx"],
    rules: { "no-restricted-imports": ["error", { patterns: SERVER_ONLY }] },
  },
  {
    files: ["app/**/route.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [{ group: ["@/components/*", "@/lib/charts/*", "echarts", "echarts/*"], message: "Route handlers never import chart code." }] }] },
  },
);
