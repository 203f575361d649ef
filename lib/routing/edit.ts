import { type z } from "zod";
import { AppError } from "@/lib/api/errors";
import { type ReceiverInputSchema, ReceiverSchema, ReceiverViewSchema, SECRET_FIELDS, type Receiver, type ReceiverView, type RoutingModel } from "./model";

/**
 * Between the editor and storage. Secrets go one way: the editor sends a new value (sealed
 * here with the caller's `seal`), a reference, or "keep"; what comes back to any browser
 * says only where a secret is, never what it is.
 */
export type Sealer = (value: string, where: string) => string;
export type ReceiverEdit = z.infer<typeof ReceiverInputSchema>;

export function sealReceiver(input: ReceiverEdit, current: Receiver | undefined, seal: Sealer, path: string): Receiver {
  const out: Record<string, unknown> = { ...input };
  for (const field of SECRET_FIELDS[input.kind] as readonly string[]) {
    const given = (input as Record<string, unknown>)[field] as Record<string, unknown>;
    if ("value" in given) out[field] = { stored: seal(String(given.value), `${input.name}.${field}`) };
    else if ("keep" in given) {
      const kept = current?.kind === input.kind ? (current as Record<string, unknown>)[field] : undefined;
      if (!kept) throw new AppError("request:invalid", `${path}.${field}: nothing is stored to keep for "${input.name}"; give a value or a reference`);
      out[field] = kept;
    }
  }
  return ReceiverSchema.parse(out);
}

export function receiverView(r: Receiver): ReceiverView {
  const out: Record<string, unknown> = { ...r };
  for (const field of SECRET_FIELDS[r.kind] as readonly string[]) {
    const ref = out[field] as Record<string, unknown>;
    if ("stored" in ref) out[field] = { stored: true };
  }
  return ReceiverViewSchema.parse(out);
}

export type RoutingModelView = Omit<RoutingModel, "receivers"> & { receivers: ReceiverView[] };

export function routingView(model: RoutingModel): RoutingModelView {
  return { ...model, receivers: model.receivers.map(receiverView) };
}
