import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { DCGM_FIELDS } from "./exporters/dcgm";
import { buildFleet, fleetPreset, GPU_MODELS } from "./fleet";
import { THROTTLE } from "./gpu-model";
import { historyFamilies, writeHistory, type HistoryOptions } from "./history";
import { FleetModel, holdsGpusIdle } from "./model";
import { jobsOnNode } from "./schedule";
import { renderTarget, SIM_JOBS } from "./server";
import { METRICS_MD_NAMES } from "./metric-names";
import { TEAM_NAMESPACES, teamForNamespace } from "./teams";

const T0 = Date.UTC(2026, 10, 23, 6, 0, 0);
const fleet = buildFleet(fleetPreset("test"));

/** Minimal exposition reader for the assertions below. */
function parse(text: string) {
  const samples: { name: string; labels: Record<string, string>; value: number }[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`bad line: ${line}`);
    const labels = Object.fromEntries([...(m[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1]!, x[2]!]));
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return samples;
}

function scrapeAll(model: FleetModel) {
  return SIM_JOBS.flatMap((job) => {
    const ids = job === "dcgm" || job === "node" ? model.fleet.nodes.map((n) => n.hostname) : model.fleet.clusters;
    // The target is part of a series' identity (Prometheus adds instance and job).
    return ids.flatMap((id) => parse(renderTarget(model, job, id) as string).map((s) => ({ ...s, labels: { ...s.labels, __target: `${job}/${id}` } as Record<string, string> })));
  });
}

describe("fleet shape", () => {
  it("has the sizes of its presets", () => {
    expect(fleet.gpus).toHaveLength(32);
    expect(buildFleet(fleetPreset("demo")).gpus).toHaveLength(256);
    expect(buildFleet(fleetPreset("scale-1024")).gpus).toHaveLength(8192);
  });

  it("gives unique UUIDs, one model per rack, deterministic for a seed", () => {
    const demo = buildFleet(fleetPreset("demo"));
    expect(new Set(demo.gpus.map((g) => g.uuid)).size).toBe(256);
    for (const r of demo.racks) expect(new Set(demo.nodes.filter((n) => n.rack === r.rack).map((n) => n.model)).size).toBe(1);
    expect(buildFleet(fleetPreset("demo"))).toEqual(demo);
    expect(buildFleet(fleetPreset("demo", 7)).gpus[0]?.uuid).not.toBe(demo.gpus[0]?.uuid);
  });
});

describe("jobs", () => {
  it("hold each GPU at most once, belong to teams by namespace, and come and go", () => {
    const seen = new Set<string>();
    for (let h = 0; h < 48; h++) {
      for (const node of fleet.nodes) {
        const jobs = jobsOnNode(fleet, node, T0 + h * 3_600_000);
        const gpus = jobs.flatMap((j) => j.gpuIndices);
        expect(new Set(gpus).size).toBe(gpus.length);
        for (const j of jobs) {
          expect(teamForNamespace(j.namespace)).toBe(j.team);
          seen.add(j.id);
        }
      }
    }
    expect(seen.size).toBeGreaterThan(10);
  });

  it("keep the model servers on the first node of each cluster", () => {
    for (const cluster of fleet.clusters) {
      const first = fleet.nodes.find((n) => n.cluster === cluster)!;
      expect(jobsOnNode(fleet, first, T0).every((j) => j.kind === "serving")).toBe(true);
    }
  });

  it("agree with the team relabelling in deploy/prometheus/prometheus.yml", () => {
    const config = YAML.parse(readFileSync(path.join(import.meta.dirname, "../../deploy/prometheus/prometheus.yml"), "utf8"));
    const dcgm = config.scrape_configs.find((j: { job_name: string }) => j.job_name === "dcgm");
    const rules = dcgm.metric_relabel_configs.map((r: { regex: string; replacement: string }) => [r.replacement, r.regex]);
    expect(rules).toEqual(TEAM_NAMESPACES.map((t) => [t.team, t.pattern]));
  });
});

describe("the model over a day", () => {
  const model = new FleetModel(fleet, T0);
  const first = scrapeAll(model);
  const firstCounters = new Map(first.filter((s) => /_total$|ENERGY|THROUGHPUT|_COUNTER$|_BYTES$|_count$|_bucket$|_sum$/.test(s.name)).map((s) => [`${s.name}${JSON.stringify(s.labels)}`, s.value]));
  model.advanceTo(T0 + 86_400_000, 60_000);
  const later = scrapeAll(model);

  it("only ever raises counters of series that persist", () => {
    let compared = 0;
    for (const s of later) {
      const before = firstCounters.get(`${s.name}${JSON.stringify(s.labels)}`);
      if (before === undefined) continue;
      expect(s.value, s.name).toBeGreaterThanOrEqual(before);
      compared++;
    }
    expect(compared).toBeGreaterThan(500);
  });

  it("stays within each model's limits, memory junction above die", () => {
    model.fleet.gpus.forEach((gpu, i) => {
      const g = model.gauges[i]!;
      const spec = GPU_MODELS[gpu.model];
      expect(g.util).toBeGreaterThanOrEqual(0);
      expect(g.util).toBeLessThanOrEqual(100);
      expect(g.powerW).toBeLessThanOrEqual(spec.powerLimitW);
      expect(g.fbUsedMiB + g.fbFreeMiB + g.fbReservedMiB).toBe(spec.memoryMiB);
      expect(g.memTempC).toBeGreaterThan(g.gpuTempC);
    });
  });

  it("emits every dcgm field for every GPU, with dcgm-exporter's labels first and in order", () => {
    const dcgm = later.filter((s) => s.name.startsWith("DCGM_"));
    // Every field of the 32 GPUs, and the engine activity of the test fleet's 4 MIG instances.
    expect(dcgm).toHaveLength(DCGM_FIELDS.length * 32 + 4);
    for (const s of dcgm) {
      expect(Object.keys(s.labels).filter((k) => !k.startsWith("GPU_I_")).slice(0, 7)).toEqual(["gpu", "UUID", "pci_bus_id", "device", "modelName", "Hostname", "DCGM_FI_DRIVER_VERSION"]);
      if (s.labels.pod) expect(s.labels.namespace && s.labels.container).toBeTruthy();
    }
    expect(dcgm.some((s) => s.labels.pod)).toBe(true);
  });

  it("has series for every metric name of METRICS.md", () => {
    const names = new Set(later.map((s) => s.name.replace(/_(bucket|sum|count)$/, "")));
    for (const name of METRICS_MD_NAMES) expect(names.has(name), name).toBe(true);
  });

  it("writes histograms with cumulative buckets", () => {
    const buckets = later.filter((s) => s.name === "ml_inference_latency_seconds_bucket" && s.labels.model_name === "dlrm-v2");
    expect(buckets.length).toBeGreaterThan(0);
    for (const target of new Set(buckets.map((s) => s.labels.__target))) {
      const values = buckets.filter((s) => s.labels.__target === target).map((s) => s.value);
      expect([...values].sort((a, b) => a - b)).toEqual(values);
    }
  });
});

describe("faults", () => {
  const node = fleet.nodes[1]!;
  const nodeGpus = node.gpus.map((g) => fleet.gpus.indexOf(g));

  it("thermal throttling heats a node's GPUs, sets the thermal bits and drops clocks", () => {
    const model = new FleetModel(fleet, T0);
    const before = nodeGpus.map((i) => model.gauges[i]!);
    model.faults.add({ name: "thermal-throttle", target: node.hostname }, T0);
    model.advanceTo(T0 + 15_000);
    nodeGpus.forEach((i, k) => {
      const g = model.gauges[i]!;
      expect(g.gpuTempC).toBeGreaterThan(before[k]!.gpuTempC + 15);
      if (g.util > 50) {
        expect(g.throttleReasons & THROTTLE.HW_THERMAL).toBeTruthy();
        expect(g.smClockMHz).toBeLessThan(before[k]!.smClockMHz);
      }
    });
  });

  it("a dead node's exporters stop answering; the others keep going", () => {
    const model = new FleetModel(fleet, T0);
    model.faults.add({ name: "dead-node", target: node.hostname }, T0);
    expect(renderTarget(model, "dcgm", node.hostname)).toBe("down");
    expect(renderTarget(model, "node", node.hostname)).toBe("down");
    expect(renderTarget(model, "dcgm", fleet.nodes[2]!.hostname)).toContain("DCGM_FI_DEV_GPU_UTIL");
  });

  it("speaks dcgm-exporter's other label spellings when asked, and only its own labels change", () => {
    const model = new FleetModel(fleet, T0);
    const busy = fleet.nodes[0]!; // serves models: its GPUs carry pod labels
    const line = (spelling: "release" | "main" | "old-namespace" | "exported") =>
      renderTarget(model, "dcgm", busy.hostname, spelling)!.split("\n").find((l) => l.startsWith("DCGM_FI_DEV_GPU_UTIL{") && l.includes("pod"))!;
    expect(line("release")).toMatch(/UUID="GPU-.*Hostname="[^"]+".*container="server",namespace="[^"]+",pod="[^"]+"/);
    expect(line("main")).toMatch(/UUID="GPU-.*hostname="[^"]+".*container="server",namespace=/);
    expect(line("old-namespace")).toMatch(/uuid="GPU-.*Hostname=.*container_name="server",pod_namespace="[^"]+",pod_name="[^"]+"/);
    expect(line("exported")).toMatch(/exported_container="server",exported_namespace="[^"]+",exported_pod="[^"]+"/);
    // Values are the fleet's, whatever the spelling.
    expect(line("main").split(" ")[1]).toBe(line("release").split(" ")[1]);
  });

  it("a MIG-partitioned GPU reports each instance's engine activity with GPU_I_PROFILE and GPU_I_ID; the GPU itself still reports once", () => {
    const test = buildFleet(fleetPreset("test"));
    const model = new FleetModel(test, T0);
    const host = "eu-west-gpu-002";
    const lines = renderTarget(model, "dcgm", host)!.split("\n");
    const engine = lines.filter((l) => l.startsWith("DCGM_FI_PROF_GR_ENGINE_ACTIVE{"));
    const instances = engine.filter((l) => l.includes("GPU_I_ID="));
    expect(instances.map((l) => /GPU_I_PROFILE="([^"]+)",GPU_I_ID="(\d)"/.exec(l)!.slice(1).join("#"))).toEqual(["3g.40gb#1", "2g.20gb#2", "1g.10gb#3", "1g.10gb#4"]);
    expect(instances.every((l) => l.includes('gpu="7"') && l.includes(`Hostname="${host}"`))).toBe(true);
    expect(instances.every((l) => { const v = Number(l.slice(l.lastIndexOf(" ") + 1)); return v >= 0 && v <= 1; })).toBe(true);
    expect(engine.filter((l) => !l.includes("GPU_I_ID="))).toHaveLength(8);
    expect(lines.filter((l) => l.startsWith("DCGM_FI_DEV_GPU_UTIL{"))).toHaveLength(8);
    // No other node has instances; a partitioning of more than 7 slices is refused.
    expect(renderTarget(model, "dcgm", "us-east-gpu-001")).not.toContain("GPU_I_ID");
    expect(() => buildFleet({ ...fleetPreset("test"), mig: [{ gpu: "eu-west-gpu-002/7", profiles: ["4g.40gb", "4g.40gb"] }] })).toThrow(/7 compute slices/);
  });

  it("a GPU that falls off the bus is missing from its node's scrape, and back when the fault ends", () => {
    const model = new FleetModel(fleet, T0);
    const lost = node.gpus[3]!;
    const utilLines = () => renderTarget(model, "dcgm", node.hostname)!.split("\n").filter((l) => l.startsWith("DCGM_FI_DEV_GPU_UTIL{"));
    expect(utilLines()).toHaveLength(node.gpus.length);
    model.faults.add({ name: "gpu-lost", target: lost.key, for: "1m" }, T0);
    const during = utilLines();
    expect(during).toHaveLength(node.gpus.length - 1);
    expect(during.some((l) => l.includes(lost.uuid))).toBe(false);
    expect(during.some((l) => l.includes(node.gpus[2]!.uuid))).toBe(true);
    model.advanceTo(T0 + 120_000);
    expect(utilLines()).toHaveLength(node.gpus.length);
  });

  it("an XID storm shows the XID code and counts errors; it ends when its time is up", () => {
    const model = new FleetModel(fleet, T0);
    model.faults.add({ name: "xid-storm", target: node.hostname, for: "1m" }, T0);
    model.advanceTo(T0 + 30_000);
    expect(model.gauges[nodeGpus[0]!]!.xid).toBeGreaterThan(0);
    model.advanceTo(T0 + 120_000);
    expect(model.gauges[nodeGpus[0]!]!.xid).toBe(0);
    expect(model.counter(nodeGpus[0]!, "xidCount")).toBeGreaterThan(0);
  });

  it("a cooling failure ramps the rack's coolant up and its flow down", () => {
    const model = new FleetModel(fleet, T0);
    const before = model.cooling.get(node.rack)!;
    model.faults.add({ name: "cooling-failure", target: node.rack }, T0);
    model.advanceTo(T0 + 600_000);
    const after = model.cooling.get(node.rack)!;
    expect(after.supplyC).toBeGreaterThan(before.supplyC + 15);
    expect(after.flowLpm).toBeLessThan(before.flowLpm * 0.5);
  });

  it("a memory leak fills an inference server's GPUs", () => {
    const model = new FleetModel(fleet, T0);
    const server = fleet.nodes[0]!;
    const job = model.jobs.get(server.hostname)!.find((j) => j.model?.name === "llama-3-8b-instruct")!;
    const gpu = fleet.gpus.indexOf(server.gpus[job.gpuIndices[0]!]!);
    const before = model.gauges[gpu]!.fbUsedMiB;
    model.faults.add({ name: "memory-leak", target: "llama-3-8b-instruct" }, T0);
    model.advanceTo(T0 + 1_800_000);
    expect(model.gauges[gpu]!.fbUsedMiB).toBeGreaterThan(before * 1.4);
  });
});


describe("idle allocated GPUs, as real fleets have them", () => {
  /** GPUs a job holds that do under 10 % at each hour of a day. */
  const idleAllocated = (preset: string) => {
    const f = buildFleet(fleetPreset(preset));
    const m = new FleetModel(f, T0);
    const counts: number[] = [];
    for (let h = 0; h < 24; h += 3) {
      m.advanceTo(T0 + h * 3_600_000, 300_000);
      counts.push(f.gpus.filter((g, i) => (m.jobs.get(g.hostname) ?? []).some((j) => j.gpuIndices.includes(g.index)) && m.gauges[i]!.util < 10).length);
    }
    return counts;
  };

  it("the demo fleet keeps a few allocated GPUs idle all day, so its idle-cost tile is not $0.00 on first start", () => {
    const counts = idleAllocated("demo");
    expect(Math.min(...counts)).toBeGreaterThan(0);
    // A few, not a fleet gone quiet: under a sixth of its 256 GPUs.
    expect(Math.max(...counts)).toBeLessThan(256 / 6);
  });

  it("the demo fleet has idle allocated GPUs at every half hour of a fortnight, whenever it starts", () => {
    // Jobs are drawn per slot from the wall clock, so "a few" must hold at any time, not at T0's day.
    const f = buildFleet(fleetPreset("demo"));
    const idleAt = (tMs: number) =>
      f.nodes.flatMap((n) => jobsOnNode(f, n, tMs)).filter((j) => holdsGpusIdle(f, j)).reduce((sum, j) => sum + j.gpuIndices.length, 0);
    const counts = Array.from({ length: 14 * 48 }, (_, i) => idleAt(T0 + i * 1_800_000));
    expect(counts.filter((n) => n === 0)).toEqual([]);
    expect(Math.max(...counts)).toBeLessThan(256 / 6);
  });

  it("the test fleet has none unless a test injects the fault", () => {
    expect(idleAllocated("test").every((n) => n === 0)).toBe(true);
  });
});

describe("history", () => {
  const families = (opts?: HistoryOptions) => {
    const model = new FleetModel(buildFleet(fleetPreset("test")), T0);
    const seen = new Set<string>();
    writeHistory(model, T0 + 3 * 60_000, 60_000, (family) => seen.add(family), opts);
    return seen;
  };

  it("writes the trend families by default, and the families asked for besides (a benchmark's NVLink and InfiniBand)", () => {
    const asked = ["DCGM_FI_PROF_NVLINK_TX_BYTES", "node_infiniband_port_data_received_bytes_total"];
    expect([...families()].filter((f) => asked.includes(f))).toEqual([]);
    const written = families({ families: asked });
    expect(asked.every((f) => written.has(f))).toBe(true);
    expect(written.has("DCGM_FI_DEV_GPU_UTIL")).toBe(true);
    // Every family written has its header: none outside historyFamilies (promtool refuses a family without one).
    const declared = new Set(historyFamilies({ families: asked }).map((f) => f.name));
    expect([...written].filter((f) => !declared.has(f))).toEqual([]);
  });
});
