import { describe, expect, it } from "vitest";
import { parseFilter } from "./alerts";
import { silenceFormPath } from "./silence-link";

describe("a silence prefilled from an alert", () => {
  it("narrows to the alert's identifying labels (and its team), never its severity, in matchers the form reads back", () => {
    const path = silenceFormPath({ alertname: "GpuXidErrors", Hostname: "eu-west-gpu-005", gpu: "3", severity: "warning", team: "platform", UUID: "GPU-1", value: "" });
    const params = new URL(path, "http://x").searchParams;
    expect(params.get("new")).toBe("1");
    const matchers = params.getAll("matcher").map(parseFilter);
    expect(matchers.map((m) => [m.name, m.value])).toEqual([
      ["alertname", "GpuXidErrors"],
      ["Hostname", "eu-west-gpu-005"],
      ["gpu", "3"],
      ["team", "platform"],
    ]);
    expect(matchers.every((m) => m.isEqual && !m.isRegex)).toBe(true);
  });

  it("keeps a value with quotes or spaces intact", () => {
    const [m] = new URL(silenceFormPath({ alertname: 'Say "hi" there' }), "http://x").searchParams.getAll("matcher").map(parseFilter);
    expect(m).toEqual({ name: "alertname", value: 'Say "hi" there', isRegex: false, isEqual: true });
  });
});
