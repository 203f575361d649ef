import "server-only";
import { promErrorBody } from "../errors";
import { EnvelopeSchema } from "../schemas";

export interface ProxyResult {
  status: number;
  body: unknown;
  /** The exact JSON bytes of `body` when it came from upstream as is: sent without re-serialising. */
  raw?: Buffer;
  /** Bytes of the upstream answer (for the cache's accounting). */
  bytes?: number;
  /** An answer refused for its size: how much of it was read before giving up (the memory it held). */
  bytesReadBeforeCap?: number;
  /** An answer that was not Prometheus JSON: the status the server gave it (a 404 page is "no such endpoint"). */
  upstreamStatus?: number;
}

/** A result kept as upstream's bytes; `body` is parsed only if something reads it. */
export function rawResult(status: number, raw: Buffer): ProxyResult {
  let parsed: unknown;
  let done = false;
  return Object.defineProperty({ status, raw, bytes: raw.byteLength } as ProxyResult, "body", {
    enumerable: true,
    get() {
      if (!done) {
        parsed = JSON.parse(raw.toString("utf8"));
        done = true;
      }
      return parsed;
    },
  });
}

/** Prometheus and VictoriaMetrics both start a success with this. */
const SUCCESS_PREFIX = /^\{\s*"status"\s*:\s*"success"/;

/** One concrete Prometheus API to call: a single server, an HA replica or a fan-out member. */
export interface UpstreamTarget {
  /** For messages: the datasource id and, for replicas and members, which one. */
  label: string;
  url: string;
  headers: Record<string, string>;
}

export interface CallOptions {
  method: "GET" | "POST";
  timeoutMs: number;
  maxBytes: number;
  /** The client's request: when it goes away the upstream call is cancelled. */
  signal?: AbortSignal;
}

/** Bounded concurrency per datasource: at most `limit` calls in flight, the rest wait. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

/** The body, or how far it got past `maxBytes` before the rest was cancelled unread. */
async function readCapped(response: Response, maxBytes: number): Promise<Buffer | { tooLarge: number }> {
  const reader = response.body?.getReader();
  if (!reader) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > maxBytes) {
      await reader.cancel();
      return { tooLarge: bytes };
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, bytes);
}

/**
 * One call to a Prometheus API. Its JSON and status pass through unchanged; an
 * unreachable upstream is 503 `unavailable`, a slow one 503 `timeout`, an oversized
 * answer 422 `execution` ("narrow your query"), an answer that is not Prometheus'
 * JSON 502 `bad_response`; a 204 stays a 204 (its body here is an empty success, for the
 * merging of several answers; the route sends none).
 */
export async function callUpstream(target: UpstreamTarget, endpoint: string, params: URLSearchParams, opts: CallOptions): Promise<ProxyResult> {
  const base = `${target.url.replace(/\/$/, "")}/api/v1/${endpoint}`;
  const timeout = AbortSignal.timeout(opts.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([timeout, opts.signal]) : timeout;
  let response: Response;
  try {
    response = await fetch(opts.method === "GET" ? `${base}?${params}` : base, {
      method: opts.method,
      headers: { accept: "application/json", ...(opts.method === "POST" ? { "content-type": "application/x-www-form-urlencoded" } : {}), ...target.headers },
      body: opts.method === "POST" ? params : undefined,
      signal,
      cache: "no-store",
    });
  } catch (error) {
    const err = error as Error & { cause?: { code?: string } };
    if (timeout.aborted) return { status: 503, body: promErrorBody("timeout", `datasource "${target.label}" did not answer within ${opts.timeoutMs} ms`) };
    if (opts.signal?.aborted) return { status: 499, body: promErrorBody("canceled", "the client went away") };
    return { status: 503, body: promErrorBody("unavailable", `datasource "${target.label}" is unreachable: ${err.cause?.code ?? err.message}`) };
  }
  let read: Awaited<ReturnType<typeof readCapped>>;
  try {
    read = await readCapped(response, opts.maxBytes);
  } catch {
    if (timeout.aborted) return { status: 503, body: promErrorBody("timeout", `datasource "${target.label}" did not answer within ${opts.timeoutMs} ms`) };
    return { status: 499, body: promErrorBody("canceled", "the client went away") };
  }
  if (!Buffer.isBuffer(read)) {
    const size = opts.maxBytes >= 1024 * 1024 ? `${(opts.maxBytes / 1024 / 1024).toFixed(0)} MiB` : `${(opts.maxBytes / 1024).toFixed(0)} KiB`;
    return {
      status: 422,
      body: promErrorBody("execution", `the answer is larger than ${size}; narrow your query (fewer series, a shorter range or a larger step)`),
      bytesReadBeforeCap: read.tooLarge,
    };
  }
  // Prometheus answers 204 No Content where there is nothing to say (query_exemplars of `1`): passed on as such.
  if (response.status === 204) return { status: 204, body: { status: "success", data: [] }, bytes: 0 };
  // The common case passes through as bytes: no decoding, parsing or re-serialising.
  if (response.status === 200 && SUCCESS_PREFIX.test(read.subarray(0, 64).toString("utf8"))) return rawResult(200, read);
  let body: unknown;
  try {
    body = JSON.parse(read.toString("utf8"));
  } catch {
    body = undefined;
  }
  if (!EnvelopeSchema.safeParse(body).success) {
    return { status: 502, body: promErrorBody("bad_response", `datasource "${target.label}" answered HTTP ${response.status} without Prometheus JSON`), upstreamStatus: response.status };
  }
  return { status: response.status, body, bytes: read.byteLength };
}
