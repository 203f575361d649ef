import { describe, expect, it } from "vitest";
import { safeHref } from "./url";

describe("safeHref", () => {
  it("keeps http(s) URLs and this site's paths", () => {
    expect(safeHref("https://wiki.example.com/runbooks/GpuXid?x=1#a")).toBe("https://wiki.example.com/runbooks/GpuXid?x=1#a");
    expect(safeHref(" http://runbooks.internal/xid ")).toBe("http://runbooks.internal/xid");
    expect(safeHref("/runbooks/lookup?alertname=GpuXid")).toBe("/runbooks/lookup?alertname=GpuXid");
  });

  it("refuses script, data and other schemes, however spelled, and protocol-relative or unparsable text", () => {
    for (const bad of ["javascript:alert(1)", " JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "data:text/html;base64,PHNjcmlwdD4=", "vbscript:msgbox(1)", "//evil.example/x", "/\\evil.example", "file:///etc/passwd", "not a url", "", null, undefined]) {
      expect(safeHref(bad)).toBeNull();
    }
  });
});
