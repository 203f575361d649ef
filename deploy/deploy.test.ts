import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { ENV_NAMES, getEnv } from "@/lib/api/env";
import { API_ROUTES } from "@/lib/auth/permissions";
import { SsoEnvSchema } from "@/lib/auth/sso";
import { loadDatasources } from "@/lib/prom/proxy/datasources";

/**
 * The deployment files (Dockerfile, deploy/compose, deploy/kubernetes) cannot run on this
 * machine; this keeps them in step with the code: every variable they set is one the
 * console reads, paths and ports meet, probes hit routes that exist with the access they
 * need, and the datasources they ship load.
 */
const ROOT = path.resolve(import.meta.dirname, "..");
const read = (p: string) => readFileSync(path.join(ROOT, p), "utf8");
const docs = (p: string) => YAML.parseAllDocuments(read(p)).map((d) => d.toJS() as Record<string, any>); // eslint-disable-line @typescript-eslint/no-explicit-any

const k8s = docs("deploy/kubernetes/console.yaml");
const kind = (k: string, name?: string) => k8s.find((d) => d.kind === k && (!name || d.metadata.name === name))!;
const compose = docs("deploy/compose/docker-compose.yml")[0]!;
const dockerfile = read("Dockerfile");

/** Variables read outside lib/api/env.ts, each with where: the test greps for the reader so a typo here fails too. */
const READ_ELSEWHERE: Record<string, string> = {
  NEXTAUTH_URL: "lib/auth/options.ts",
  DATASOURCES_FILE: "lib/prom/proxy/datasources.ts",
  MIGRATIONS_DIR: "scripts/stack/database.ts",
  RUNBOOKS_DIR: "prisma/seed.ts",
};
/** Read by Next's standalone server.js and Node themselves. */
const RUNTIME = new Set(["PORT", "HOSTNAME", "NODE_ENV", "NEXT_TELEMETRY_DISABLED"]);
const KNOWN = new Set([...ENV_NAMES, ...Object.keys(SsoEnvSchema.shape), ...Object.keys(READ_ELSEWHERE), ...RUNTIME]);

describe("deployment files", () => {
  it("set only variables the console reads", () => {
    for (const [name, file] of Object.entries(READ_ELSEWHERE)) expect(read(file), `${name} in ${file}`).toContain(`process.env.${name}`);
    const secret = docs("deploy/kubernetes/secret.example.yaml").find((d) => d.metadata.name === "gpu-fleet-console")!;
    const runtimeStage = dockerfile.slice(dockerfile.indexOf(" AS runtime"));
    const dockerEnv = [...runtimeStage.matchAll(/^ENV ((?:[^\n]*\\\n)*[^\n]*)/gm)].flatMap((m) => [...m[1]!.matchAll(/([A-Z_]+)=/g)].map((x) => x[1]!));
    expect(dockerEnv).toEqual(expect.arrayContaining(["PORT", "HOSTNAME", "MIGRATIONS_DIR", "RUNBOOKS_DIR", "DATASOURCES_FILE"]));
    const sets = {
      "kubernetes ConfigMap": Object.keys(kind("ConfigMap", "gpu-fleet-console-env").data),
      "kubernetes Secret": Object.keys(secret.stringData),
      "compose console": Object.keys(compose.services.console.environment),
      "Dockerfile (runtime stage)": dockerEnv,
    };
    for (const [where, names] of Object.entries(sets)) {
      expect(names.length, where).toBeGreaterThan(0);
      for (const name of names) expect(KNOWN.has(name), `${where}: ${name} is not read by the console`).toBe(true);
    }
    // And the values the ConfigMap sets pass the console's own validation.
    expect(() => getEnv({ ...kind("ConfigMap", "gpu-fleet-console-env").data, NODE_ENV: "production" })).not.toThrow();
  });

  it("probe and scrape routes that exist, with the access they need", () => {
    const container = kind("Deployment").spec.template.spec.containers[0];
    expect(container.readinessProbe.httpGet.path).toBe("/api/health");
    expect(API_ROUTES["/api/health"].GET).toBe("public");
    const monitor = docs("deploy/kubernetes/servicemonitor.yaml")[0]!;
    expect(monitor.spec.endpoints[0].path).toBe("/api/metrics");
    expect(API_ROUTES["/api/metrics"].GET).toBe("sre"); // hence the SRE token in its Secret
    expect(monitor.spec.endpoints[0].authorization.credentials.name).toBe(docs("deploy/kubernetes/secret.example.yaml")[1]!.metadata.name);
    expect(dockerfile).toMatch(/fetch\('http:\/\/127\.0\.0\.1:3000\/api\/health'\)/);
  });

  it("ports meet: the image, the container, the Service, compose", () => {
    expect(dockerfile).toMatch(/^EXPOSE 3000$/m);
    expect(dockerfile).toMatch(/PORT=3000/);
    const container = kind("Deployment").spec.template.spec.containers[0];
    expect(container.ports).toEqual([{ name: "http", containerPort: 3000 }]);
    expect(kind("Service").spec.ports[0].targetPort).toBe("http");
    expect(kind("Service").spec.selector).toEqual(kind("Deployment").spec.template.metadata.labels);
    // Two replicas behind nginx, which alone publishes the port and passes it to the console's.
    expect(compose.services.console.deploy.replicas).toBe(2);
    expect(compose.services.console.expose).toEqual(["3000"]);
    expect(compose.services.proxy.ports).toEqual(["3000:3000"]);
    expect(readFileSync(path.join(ROOT, "deploy/compose/nginx.conf"), "utf8")).toMatch(/server console:3000\b/);
  });

  it("paths meet: what the image copies exists, its variables point where it copied, compose mounts what the repository has", () => {
    const copies = [...dockerfile.matchAll(/^COPY --from=build \S+ \/app\/(\S+) \.\/(\S+)$/gm)];
    expect(copies.map((m) => m[1])).toEqual([".next/static", "dist/fleet-db.mjs", "prisma/migrations", "deploy/runbooks", "deploy/console"]);
    for (const [, from, to] of copies) {
      if (!/^(\.next|dist)\b/.test(from!)) expect(existsSync(path.join(ROOT, from!)), `COPY ${from}`).toBe(true);
      if (from === "prisma/migrations") expect(dockerfile).toContain(`MIGRATIONS_DIR=/app/${to}`);
      if (from === "deploy/runbooks") expect(dockerfile).toContain(`RUNBOOKS_DIR=/app/${to}`);
      if (from === "deploy/console") expect(dockerfile).toContain(`DATASOURCES_FILE=/app/${to}/datasources.yml`);
    }
    expect(dockerfile).toContain("--outfile=dist/fleet-db.mjs");
    expect(dockerfile).toContain("NEXT_OUTPUT=standalone");
    expect(read("next.config.mjs")).toContain('process.env.NEXT_OUTPUT === "standalone"');
    const composeDir = path.join(ROOT, "deploy/compose");
    for (const service of Object.values(compose.services) as { volumes?: string[] }[]) {
      for (const v of service.volumes ?? []) {
        const source = v.split(":")[0]!;
        if (source.startsWith(".")) expect(existsSync(path.resolve(composeDir, source)), v).toBe(true);
      }
    }
    expect(readdirSync(path.join(ROOT, "deploy/prometheus/rules")).some((f) => f.endsWith(".yml"))).toBe(true);
    expect(statSync(path.join(ROOT, "prisma/migrations")).isDirectory()).toBe(true);
  });

  it("compose's Prometheus scrapes compose's exporters and alerts its Alertmanager", () => {
    const prom = YAML.parse(read("deploy/compose/prometheus.yml"));
    type Job = { job_name: string; static_configs?: { targets: string[] }[]; dns_sd_configs?: { names: string[]; port: number }[] };
    const jobs = prom.scrape_configs as Job[];
    const targets = jobs.flatMap((j) => [...(j.static_configs ?? []).flatMap((s) => s.targets), ...(j.dns_sd_configs ?? []).flatMap((d) => d.names.map((n) => `${n}:${d.port}`))]);
    for (const t of targets.filter((t: string) => !t.startsWith("localhost"))) {
      const [host, port] = t.split(":");
      const service = compose.services[host!];
      expect(service, `${t}: no such compose service`).toBeDefined();
      // The console's replicas are only exposed on the compose network (the proxy publishes 3000).
      expect([...(service.ports ?? []), ...(service.expose ?? []).map((p: string) => `:${p}`)].some((p: string) => p.endsWith(`:${port}`)), `${t}: not its port`).toBe(true);
    }
    // Meta-monitoring: Alertmanager, and the console's every replica with its token file.
    expect(jobs.map((j) => j.job_name)).toEqual(expect.arrayContaining(["alertmanager", "console"]));
    expect(compose.services.prometheus.volumes).toContain("./console-token:/etc/prometheus/console-token:ro");
    expect(prom.alerting.alertmanagers[0].static_configs[0].targets).toEqual(["alertmanager:9093"]);
    expect(compose.services.console.environment.ALERTMANAGER_URL).toBe("http://alertmanager:9093");
    expect(prom.rule_files).toEqual(["/etc/prometheus/rules/*.yml"]);
  });

  it("the datasources the Kubernetes ConfigMap ships load in the console", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ds-"));
    const file = path.join(dir, "datasources.yml");
    writeFileSync(file, kind("ConfigMap", "gpu-fleet-console-datasources").data["datasources.yml"]);
    const list = loadDatasources(getEnv({ PROMETHEUS_URL: "http://thanos-query.monitoring.svc:9090" }), file);
    expect(list.map((d) => [d.id, d.type])).toEqual([
      ["default", "prometheus"],
      ["thanos", "thanos"],
    ]);
  });
});
