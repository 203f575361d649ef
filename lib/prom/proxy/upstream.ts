import "server-only";
import { promErrorBody } from "../errors";
import { EnvelopeSchema } from "../schemas";
import type { Datasource } from "./datasources";

export interface ProxyResult {
  status: number;
  body: unknown;
}

/**
 * One call to a datasource's Prometheus API. Its JSON and status pass through
 * unchanged; an unreachable upstream is a 503 `unavailable`, a slow one a 504
 * `timeout`, an answer that is not Prometheus' JSON a 502 `bad_response`.
 */
export async function callUpstream(
  ds: Datasource,
  endpoint: string,
  params: URLSearchParams,
  timeoutMs: number,
): Promise<ProxyResult> {
  const url = `${ds.url.replace(/\/$/, "")}/api/v1/${endpoint}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: params,
      signal: AbortSignal.timeout(timeoutMs),
      cache: "no-store",
    });
  } catch (error) {
    const err = error as Error & { cause?: { code?: string } };
    if (err.name === "TimeoutError" || err.name === "AbortError") {
      return { status: 504, body: promErrorBody("timeout", `datasource "${ds.id}" did not answer within ${timeoutMs} ms`) };
    }
    const reason = err.cause?.code ?? err.message;
    return { status: 503, body: promErrorBody("unavailable", `datasource "${ds.id}" is unreachable: ${reason}`) };
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!EnvelopeSchema.safeParse(body).success) {
    return {
      status: 502,
      body: promErrorBody("bad_response", `datasource "${ds.id}" answered HTTP ${response.status} without Prometheus JSON`),
    };
  }
  return { status: response.status, body };
}
