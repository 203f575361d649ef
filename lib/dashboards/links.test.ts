import { describe, expect, it } from "vitest";
import { buildLink, fillLabelsInQuery, panelLinks } from "./links";
import { ALL } from "./variables";

const ctx = { fromMs: 1_000, toMs: 9_000, variables: { cluster: ["us-east"], node: ["a b", "c&d"], all: [ALL] } };

describe("buildLink", () => {
  it("puts the clicked series' labels and time in, URL-encoded", () => {
    const url = buildLink("/sre?var-node=${__field.labels.Hostname}&gpu=${__field.labels.gpu}&t=${__value.time}", {
      ...ctx,
      labels: { Hostname: "us-east-gpu-001", gpu: "3" },
      timeMs: 5_000.4,
    });
    expect(url).toBe("/sre?var-node=us-east-gpu-001&gpu=3&t=5000");
  });

  it("opens a window around the clicked time, or the dashboard's range without one", () => {
    expect(buildLink("/x?${__url_time_range}", { ...ctx, timeMs: 3_600_000, aroundMs: 600_000 })).toBe("/x?from=3000000&to=4200000");
    expect(buildLink("/x?${__url_time_range}", ctx)).toBe("/x?from=1000&to=9000");
    expect(buildLink("/x?f=${__from}&t=${__to}", ctx)).toBe("/x?f=1000&t=9000");
  });

  it("writes variables as values or as repeated query parameters", () => {
    expect(buildLink("/x?c=$cluster&n=${node}", ctx)).toBe("/x?c=us-east&n=a%20b,c%26d");
    expect(buildLink("/x?${node:queryparam}&${all:queryparam}", ctx)).toBe("/x?var-node=a%20b&var-node=c%26d&var-all=%24__all");
  });

  it("leaves unknown names as written and missing labels empty", () => {
    expect(buildLink("/x?a=$nope&b=${__field.labels.pod}", ctx)).toBe("/x?a=$nope&b=");
  });
});

describe("fillLabelsInQuery", () => {
  it("puts label values into PromQL strings, escaped", () => {
    expect(fillLabelsInQuery('DCGM_FI_DEV_GPU_UTIL{Hostname="${__field.labels.Hostname}", gpu="${__field.labels.gpu}"}', { Hostname: 'a"b\\c', gpu: "1" })).toBe(
      'DCGM_FI_DEV_GPU_UTIL{Hostname="a\\"b\\\\c", gpu="1"}',
    );
  });
});

describe("panelLinks", () => {
  it("fills the dashboard's window and variables into every link of a panel", () => {
    expect(panelLinks([{ title: "cap", url: "/capacity?${__url_time_range}&c=$cluster" }], { startSeconds: 1, endSeconds: 9 }, { cluster: ["a"] })).toEqual([
      { title: "cap", href: "/capacity?from=1000&to=9000&c=a" },
    ]);
  });
});
