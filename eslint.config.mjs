import js from "@eslint/js";
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
  { group: ["@/lib/db/*", "@/lib/auth/options", "@/lib/auth/session", "@/lib/auth/password", "@/lib/prom/proxy/*", "@/lib/health/checks", "@/lib/heatmap/service"], message: "Server-only module: not from here." },
  { regex: "^(@prisma/.*|pg|next-auth(?!/react$).*)$", message: "Client code never touches the database or auth's server side (next-auth/react is the client part)." },
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
