import { describe, expect, it } from "vitest";
import { alertIntervals, alertMatchesSeries } from "./alert-intervals";

const ALERTS = (labels: Record<string, string>, times: number[]) => ({ metric: { __name__: "ALERTS", ...labels }, values: times.map((t) => [t, "1"] as [number, string]) });

describe("alertIntervals", () => {
  const matrix = {
    resultType: "matrix" as const,
    result: [
      ALERTS({ alertname: "GpuThermalThrottling", alertstate: "pending", severity: "warning", Hostname: "n1", gpu: "0" }, [0, 15]),
      ALERTS({ alertname: "GpuThermalThrottling", alertstate: "firing", severity: "warning", Hostname: "n1", gpu: "0" }, [30, 45, 60, 120, 135]),
    ],
  };

  it("turns runs of samples into intervals per state, split at gaps", () => {
    expect(alertIntervals(matrix, 15).map((i) => [i.state, i.fromMs, i.toMs])).toEqual([
      ["pending", 0, 30_000],
      ["firing", 30_000, 75_000],
      ["firing", 120_000, 150_000],
    ]);
  });

  it("keeps the alert's labels without __name__ and alertstate", () => {
    const [first] = alertIntervals(matrix, 15);
    expect(first?.labels).toEqual({ alertname: "GpuThermalThrottling", severity: "warning", Hostname: "n1", gpu: "0" });
    expect(first?.severity).toBe("warning");
  });
});

describe("alertMatchesSeries", () => {
  const gpu0 = { cluster: "us-east", Hostname: "n1", gpu: "0" };
  it("matches on shared identifying labels", () => {
    expect(alertMatchesSeries({ alertname: "X", cluster: "us-east", Hostname: "n1", gpu: "0", job: "dcgm", instance: "n1:9400" }, gpu0)).toBe(true);
    expect(alertMatchesSeries({ alertname: "X", Hostname: "n1" }, gpu0)).toBe(true); // a node alert on each of its GPUs
  });

  it("does not match another GPU, another node, or a cluster-wide alert", () => {
    expect(alertMatchesSeries({ Hostname: "n1", gpu: "1" }, gpu0)).toBe(false);
    expect(alertMatchesSeries({ Hostname: "n2" }, gpu0)).toBe(false);
    expect(alertMatchesSeries({ alertname: "RackCoolingAnomaly", cluster: "us-east", rack: "r1" }, gpu0)).toBe(false);
    expect(alertMatchesSeries({ alertname: "FleetUtilizationLow", severity: "info" }, gpu0)).toBe(false);
  });

  it("puts a GPU's alert on that GPU and its node, never on a rack's chart because both carry the rack", () => {
    const hot = { alertname: "GpuTemperatureHigh", cluster: "us-east", rack: "r1", Hostname: "n1", gpu: "0", UUID: "GPU-a", modelName: "H100" };
    expect(alertMatchesSeries(hot, { ...gpu0, rack: "r1" })).toBe(true);
    expect(alertMatchesSeries(hot, { cluster: "us-east", rack: "r1", Hostname: "n1" })).toBe(true); // its node's line
    expect(alertMatchesSeries(hot, { cluster: "us-east", rack: "r1" })).toBe(false); // the rack's coolant
    expect(alertMatchesSeries(hot, { cluster: "us-east", rack: "r1", Hostname: "n2" })).toBe(false);
    // A rack's alert still goes on the rack's chart.
    expect(alertMatchesSeries({ alertname: "RackCoolingAnomaly", cluster: "us-east", rack: "r1" }, { cluster: "us-east", rack: "r1" })).toBe(true);
  });
});
