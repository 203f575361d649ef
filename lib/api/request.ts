import { MAX_BODY_BYTES } from "@/lib/security/headers";
import { AppError } from "./errors";

/**
 * A request's body as text, read no further than the limit: 413 past it, whatever the
 * Content-Length said (a chunked body has none).
 */
export async function readBodyText(request: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) throw new AppError("request:too_large", `body: larger than the limit of ${limit} bytes`);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new AppError("request:too_large", `body: larger than the limit of ${limit} bytes`);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/** A request's JSON body, or 400 "body: JSON expected" (413 past the size limit). */
export async function readJsonBody(request: Request): Promise<unknown> {
  const text = await readBodyText(request);
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("request:invalid", "body: JSON expected");
  }
}
