// Bundles scripts/db.ts (migrate, seed, …) into one file that runs with plain Node and
// no node_modules: `fleet-db.mjs` in the Docker image. The Dockerfile and the test harness
// both call this, so the image's tool is the one `npm test` runs.
//   node scripts/bundle-db-tool.mjs --outfile=dist/fleet-db.mjs
import path from "node:path";
import { build } from "esbuild";

const outfile = process.argv.find((a) => a.startsWith("--outfile="))?.slice("--outfile=".length);
if (!outfile) {
  console.error("usage: node scripts/bundle-db-tool.mjs --outfile=<file>");
  process.exit(2);
}
await build({
  entryPoints: [path.join(import.meta.dirname, "db.ts")],
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // The server-only guard's react-server export is empty: these modules are run outside React.
  conditions: ["react-server"],
  outfile,
  // CommonJS dependencies (pg, bcryptjs) call require().
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  logLevel: "warning",
});
