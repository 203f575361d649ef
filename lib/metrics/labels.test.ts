import { describe, expect, it } from "vitest";
import { LABEL_ALIASES, labelOf, spellDeep, spellLabels } from "./labels";

describe("the label alias table", () => {
  it("knows every spelling of METRICS.md", () => {
    expect(LABEL_ALIASES.host).toEqual(["Hostname", "hostname"]);
    expect(LABEL_ALIASES.uuid).toEqual(["UUID", "uuid"]);
    expect(LABEL_ALIASES.pod).toEqual(["pod", "pod_name", "exported_pod"]);
    expect(LABEL_ALIASES.namespace).toEqual(["namespace", "pod_namespace", "exported_namespace"]);
    expect(LABEL_ALIASES.container).toEqual(["container", "container_name", "exported_container"]);
  });

  it("reads a canonical label whichever way an answer spells it", () => {
    expect(labelOf({ hostname: "n1" }, "host")).toBe("n1");
    expect(labelOf({ Hostname: "n2" }, "host")).toBe("n2");
    expect(labelOf({ exported_pod: "p" }, "pod")).toBe("p");
    expect(labelOf({}, "pod")).toBeUndefined();
  });

  it("writes canonical references in a fleet's spelling, and leaves everything else alone", () => {
    const q = 'max by (cluster, $__host, gpu) (DCGM_FI_DEV_GPU_UTIL{$__host=~"$node", $__pod!=""})';
    expect(spellLabels(q, "release")).toBe('max by (cluster, Hostname, gpu) (DCGM_FI_DEV_GPU_UTIL{Hostname=~"$node", pod!=""})');
    expect(spellLabels(q, "main")).toBe('max by (cluster, hostname, gpu) (DCGM_FI_DEV_GPU_UTIL{hostname=~"$node", pod!=""})');
    expect(spellLabels(q, "old-namespace")).toContain('pod_name!=""');
    expect(spellLabels(q, "exported")).toContain('exported_pod!=""');
    expect(spellLabels("${__field.labels.$__host} $__all $__hostess", "main")).toBe("${__field.labels.hostname} $__all $__hostess");
    expect(spellDeep({ a: ["{{$__host}}", 3], b: { c: "$__uuid" } }, "old-namespace")).toEqual({ a: ["{{Hostname}}", 3], b: { c: "uuid" } });
  });
});
