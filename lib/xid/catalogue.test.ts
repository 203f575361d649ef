import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { XID_STORM_CODES } from "@/lib/sim/gpu-model";
import { decodeXidsInText, describeXid, XID_CATALOGUE, XidCodeSchema } from "./catalogue";

describe("the XID catalogue", () => {
  it("has each code once, every entry valid, and a shipped runbook for each", () => {
    const codes = XID_CATALOGUE.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of XID_CATALOGUE) {
      expect(() => XidCodeSchema.parse(c), String(c.code)).not.toThrow();
      expect(existsSync(path.join(import.meta.dirname, "../../deploy/runbooks", `${c.runbook}.md`)), c.runbook).toBe(true);
    }
  });

  it("knows the codes operators meet most, with the action NVIDIA's guides give", () => {
    const action = (code: number) => describeXid(code, XID_CATALOGUE).entry?.action;
    expect(action(79)).toBe("drain-node");
    expect(action(48)).toBe("reset-gpu");
    expect(action(64)).toBe("rma");
    expect(action(31)).toBe("none");
    expect(action(13)).toBe("none");
    // Every code the simulator's xid-storm emits decodes by name.
    for (const code of XID_STORM_CODES) expect(describeXid(code, XID_CATALOGUE).known, String(code)).toBe(true);
  });

  it("decodes a code by name, and says so of one it does not know", () => {
    expect(describeXid(79, XID_CATALOGUE)).toMatchObject({ code: 79, name: "GPU has fallen off the bus", known: true, entry: { action: "drain-node" } });
    expect(describeXid(9999, XID_CATALOGUE)).toEqual({ code: 9999, name: "not in the XID catalogue", known: false, entry: null });
  });

  it("names every XID in an alert's text, once, leaving unknown codes and other numbers alone", () => {
    // The shipped rule's summary, as Prometheus expands it.
    expect(decodeXidsInText("XID 79 on GPU 3 of us-east-gpu-002", XID_CATALOGUE)).toBe("XID 79 (GPU has fallen off the bus) on GPU 3 of us-east-gpu-002");
    expect(decodeXidsInText("XID 48 then XID 9999", XID_CATALOGUE)).toBe("XID 48 (Double-bit ECC error) then XID 9999");
    const once = decodeXidsInText("XID 79 on GPU 3", XID_CATALOGUE);
    expect(decodeXidsInText(once, XID_CATALOGUE)).toBe(once);
    expect(decodeXidsInText("GPU 79 is hot", XID_CATALOGUE)).toBe("GPU 79 is hot");
  });
});
