import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

/** The Debian packages the stack runs, and the binaries that show each is there. */
export const SYSTEM_PACKAGES: { pkg: string; binaries: string[]; forTests?: boolean }[] = [
  { pkg: "prometheus", binaries: ["prometheus", "promtool"] },
  { pkg: "prometheus-alertmanager", binaries: ["prometheus-alertmanager", "amtool"] },
  { pkg: "chromium", binaries: ["chromium"], forTests: true },
  { pkg: "victoria-metrics", binaries: ["victoria-metrics"], forTests: true },
  // The replicas' shared cache (REDIS_URL): the tests run two replicas on one.
  { pkg: "redis-server", binaries: ["redis-server"], forTests: true },
];

function onPath(binary: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${binary}`], { stdio: "ignore" }).status === 0;
}

export function missingPackages(includeTests: boolean): string[] {
  return SYSTEM_PACKAGES.filter((p) => (includeTests || !p.forTests) && p.binaries.some((b) => !onPath(b))).map((p) => p.pkg);
}

/**
 * Installs what is missing with apt-get on Debian/Ubuntu (as root, or through sudo);
 * elsewhere prints the exact commands and throws.
 */
export function ensurePackages(includeTests: boolean, log: (line: string) => void = console.log): void {
  const missing = missingPackages(includeTests);
  if (missing.length === 0) return;
  const command = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(" ")}`;
  const isDebian = existsSync("/etc/debian_version");
  const isRoot = process.getuid?.() === 0;
  const hasSudo = onPath("sudo");
  if (!isDebian || (!isRoot && !hasSudo)) {
    throw new Error(
      `Missing system packages: ${missing.join(", ")}.\nInstall them, then run again:\n  sudo ${command}\n` +
        (isDebian ? "" : "(on non-Debian systems use your package manager's packages of the same names)"),
    );
  }
  log(`Installing ${missing.join(", ")} from Debian's packages…`);
  const prefix = isRoot ? [] : ["sudo"];
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const run = (args: string[]) => execFileSync(prefix[0] ?? args[0]!, prefix.length ? args : args.slice(1), { stdio: "inherit", env });
  run(["apt-get", "update"]);
  run(["apt-get", "install", "-y", "--no-install-recommends", ...missing]);
}
