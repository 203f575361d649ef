// Entry point of `npm run demo` and `npm test` on a fresh clone: installs the locked
// npm dependencies when node_modules is missing or older than the lockfile, generates
// the Prisma client, then runs scripts/<name>.ts. Plain Node, no dependencies.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const name = process.argv[2];
if (!name || !existsSync(path.join(root, "scripts", `${name}.ts`))) {
  console.error("usage: node scripts/run.mjs <demo|test|...>");
  process.exit(2);
}

function sh(command, args, extraEnv = {}) {
  const r = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...extraEnv } });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const installed = path.join(root, "node_modules/.package-lock.json");
const lock = path.join(root, "package-lock.json");
if (!existsSync(installed) || statSync(lock).mtimeMs > statSync(installed).mtimeMs) {
  console.log("▸ Installing npm dependencies from package-lock.json");
  sh("npm", ["ci", "--no-audit", "--no-fund"]);
}
sh(process.execPath, [path.join(root, "node_modules/prisma/build/index.js"), "generate", "--config", "prisma/prisma.config.ts"], {
  PRISMA_SCHEMA_ENGINE_BINARY: "/bin/false",
  CHECKPOINT_DISABLE: "1",
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
});

// One process (no tsx wrapper), so its pid is the one signals reach.
const child = spawn(
  process.execPath,
  ["--conditions=react-server", "--import", "tsx", path.join(root, "scripts", `${name}.ts`), ...process.argv.slice(3)],
  { cwd: root, stdio: "inherit" },
);
// Ctrl-C reaches the child too (same process group); wait for it to clean up.
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(sig, () => {
    if (sig !== "SIGINT") child.kill(sig);
  });
}
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
