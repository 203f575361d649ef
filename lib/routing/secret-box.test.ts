import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/api/errors";
import { open, seal } from "./secret-box";

const KEY = "a-test-key-of-at-least-thirty-two-characters";
const WEBHOOK = "https://hooks.slack.example/services/T000/B000/XXXXXXXX";

describe("receivers' secrets at rest", () => {
  it("opens what it sealed, and never holds the value in clear", () => {
    const sealed = seal(WEBHOOK, "platform-chat.apiUrl", KEY);
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain("hooks.slack");
    expect(seal(WEBHOOK, "platform-chat.apiUrl", KEY)).not.toBe(sealed);
    expect(open(sealed, "platform-chat.apiUrl", KEY)).toBe(WEBHOOK);
  });

  it("does not open on another receiver or field, with another key, or tampered", () => {
    const sealed = seal(WEBHOOK, "platform-chat.apiUrl", KEY);
    expect(() => open(sealed, "inference-chat.apiUrl", KEY)).toThrow("inference-chat.apiUrl: the stored secret does not open with this ROUTING_SECRET_KEY");
    expect(() => open(sealed, "platform-chat.apiUrl", `${KEY}-rotated`)).toThrow(AppError);
    const [v, iv, tag, data] = sealed.split(".");
    // Another character in the ciphertext's middle (a whole byte's worth of bits, never padding).
    const at = Math.floor(data!.length / 2);
    const flipped = `${v}.${iv}.${tag}.${data!.slice(0, at)}${data![at] === "A" ? "B" : "A"}${data!.slice(at + 1)}`;
    expect(() => open(flipped, "platform-chat.apiUrl", KEY)).toThrow(AppError);
    expect(() => open("plain-text", "platform-chat.apiUrl", KEY)).toThrow("not in a known format");
  });

  it("without a key, refuses to store and says what to do instead", () => {
    expect(() => seal(WEBHOOK, "x.apiUrl", undefined)).toThrow("storing a secret needs ROUTING_SECRET_KEY set on the console; or reference an environment variable or a file instead");
  });
});
