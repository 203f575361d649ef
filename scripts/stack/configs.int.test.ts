import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { renderPrometheusConfig, ROOT } from "./services";

describe("deploy/ configs pass the real tools' checks", () => {
  it("promtool accepts the Prometheus config as the stack renders it", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "promcfg-"));
    try {
      const file = path.join(dir, "prometheus.yml");
      writeFileSync(file, renderPrometheusConfig({ simPort: 19400, prometheusPort: 19090, alertmanagerPort: 19093, scrapeInterval: "2s" }));
      const out = execFileSync("promtool", ["check", "config", file], { encoding: "utf8" });
      expect(out).toContain("SUCCESS");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the rendered config points every job at the stack's ports", () => {
    const yaml = renderPrometheusConfig({ simPort: 19400, prometheusPort: 19090, alertmanagerPort: 19093 });
    expect(yaml).toContain("127.0.0.1:19400");
    expect(yaml).toContain("127.0.0.1:19090");
    expect(yaml).toContain("127.0.0.1:19093");
    expect(yaml).not.toContain(":9400");
  });

  it("amtool accepts the Alertmanager config", () => {
    const out = execFileSync("amtool", ["check-config", path.join(ROOT, "deploy/alertmanager/alertmanager.yml")], { encoding: "utf8" });
    expect(out).toContain("SUCCESS");
  });
});
