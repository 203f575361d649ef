import { describe, expect, it } from "vitest";
import { decodeResult, encodeResult } from "./results";
import { rawResult } from "./upstream";

describe("an answer as the shared cache keeps it", () => {
  const raw = Buffer.from('{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"gpu":"0"},"values":[[1750000000,"71"]]}]}}');

  it("round-trips upstream's bytes as they are, and parses them only when read", () => {
    const back = decodeResult(encodeResult(rawResult(200, raw)))!;
    expect(back.status).toBe(200);
    expect(back.raw!.equals(raw)).toBe(true);
    expect(back.bytes).toBe(raw.byteLength);
    expect((back.body as { data: { result: unknown[] } }).data.result).toHaveLength(1);
  });

  it("keeps an answer the proxy built (a merged or scoped one) as its JSON", () => {
    const back = decodeResult(encodeResult({ status: 200, body: { status: "success", data: [] } }))!;
    expect(back.body).toEqual({ status: "success", data: [] });
  });

  it("reads nothing from bytes that are not an answer (a foreign key, a truncated value)", () => {
    expect(decodeResult(Buffer.from("no status line"))).toBeUndefined();
    expect(decodeResult(Buffer.from("abc\n{}"))).toBeUndefined();
  });
});
