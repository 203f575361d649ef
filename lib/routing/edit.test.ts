import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/api/errors";
import { receiverView, sealReceiver, type ReceiverEdit } from "./edit";
import { ReceiverInputSchema, TimeIntervalSchema, type Receiver } from "./model";

/** A stand-in sealer that says what it sealed where (the real one is AES-GCM, tested with Postgres). */
const seal = (value: string, where: string) => `sealed(${where}:${value.length})`;
const edit = (input: unknown): ReceiverEdit => ReceiverInputSchema.parse(input);

describe("secrets between the editor and storage", () => {
  it("seals a new value to its receiver and field; references pass as they are", () => {
    const r = sealReceiver(edit({ name: "inference-chat", kind: "slack", channel: "#inf", apiUrl: { value: "https://hooks.slack.example/T/B/x" } }), undefined, seal, "receiver");
    expect(r).toEqual({ name: "inference-chat", kind: "slack", channel: "#inf", apiUrl: { stored: "sealed(inference-chat.apiUrl:33)" }, sendResolved: true });
    const ref = sealReceiver(edit({ name: "p", kind: "pagerduty", routingKey: { env: "ALERTING_SECRET_PD_KEY" } }), undefined, seal, "receiver");
    expect(ref).toMatchObject({ routingKey: { env: "ALERTING_SECRET_PD_KEY" } });
  });

  it('"keep" keeps what is stored for the same receiver and kind, and says which field when nothing is', () => {
    const current: Receiver = { name: "p", kind: "pagerduty", routingKey: { stored: "v1.a.b.c" }, sendResolved: true };
    expect(sealReceiver(edit({ name: "p", kind: "pagerduty", routingKey: { keep: true }, sendResolved: false }), current, seal, "receiver")).toEqual({
      name: "p",
      kind: "pagerduty",
      routingKey: { stored: "v1.a.b.c" },
      sendResolved: false,
    });
    const kindChanged = () => sealReceiver(edit({ name: "p", kind: "opsgenie", apiKey: { keep: true } }), current, seal, "model.receivers.3");
    expect(kindChanged).toThrow(AppError);
    expect(kindChanged).toThrow('model.receivers.3.apiKey: nothing is stored to keep for "p"; give a value or a reference');
  });

  it("shows a stored secret only as stored, never its ciphertext", () => {
    const view = receiverView({ name: "w", kind: "webhook", url: { stored: "v1.iv.tag.data" }, sendResolved: true, team: "inference" });
    expect(view).toEqual({ name: "w", kind: "webhook", url: { stored: true }, sendResolved: true, team: "inference" });
    expect(JSON.stringify(view)).not.toContain("v1.");
  });

  it("refuses a webhook URL that is not http(s), and a file reference for it (Alertmanager 0.25 has no url_file)", () => {
    expect(ReceiverInputSchema.safeParse({ name: "w", kind: "webhook", url: { value: "javascript:alert(1)" } }).success).toBe(false);
    expect(ReceiverInputSchema.safeParse({ name: "w", kind: "webhook", url: { file: "/etc/url" } }).success).toBe(false);
    expect(ReceiverInputSchema.safeParse({ name: "w", kind: "webhook", url: { value: "http://127.0.0.1:9/hook" } }).success).toBe(true);
  });

  it("time intervals: weekday ranges run forward from Sunday, as Alertmanager's do", () => {
    const interval = (weekdays: string[]) => TimeIntervalSchema.safeParse({ name: "x", intervals: [{ weekdays }] });
    expect(interval(["monday:friday", "sunday"]).success).toBe(true);
    const backwards = interval(["saturday:sunday"]);
    expect(backwards.success ? "" : backwards.error.issues[0]!.message).toBe('"saturday:sunday": the week runs sunday to saturday; split the range (e.g. saturday, sunday)');
    expect(interval(["mon"]).success).toBe(false);
  });
});
