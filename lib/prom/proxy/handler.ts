import "server-only";
import { getEnv } from "@/lib/api/env";
import { promErrorBody } from "../errors";
import { findDatasource } from "./datasources";
import { callUpstream, type ProxyResult } from "./upstream";
import { findParseFault } from "./validate";

/** Endpoints served so far, each with the parameters that hold PromQL. */
const ENDPOINTS: Record<string, { exprParams: string[]; required: string[] }> = {
  query: { exprParams: ["query"], required: ["query"] },
  query_range: { exprParams: ["query"], required: ["query", "start", "end", "step"] },
};

export interface ProxyRequest {
  datasource: string;
  /** The path after /api/v1/, e.g. ["query_range"]. */
  path: string[];
  urlParams: URLSearchParams;
  /** Form body of a POST, empty for GET. */
  bodyParams: URLSearchParams;
}

function fail(status: number, errorType: string, message: string): ProxyResult {
  return { status, body: promErrorBody(errorType, message) };
}

/** Merges URL and body parameters; a parameter given in both is ambiguous. */
export function mergeParams(url: URLSearchParams, body: URLSearchParams): URLSearchParams | string {
  for (const key of new Set(body.keys())) {
    if (url.has(key)) return key;
  }
  const merged = new URLSearchParams(url);
  for (const [k, v] of body) merged.append(k, v);
  return merged;
}

export async function proxyPromRequest(req: ProxyRequest): Promise<ProxyResult> {
  const endpoint = req.path.join("/");
  const spec = ENDPOINTS[endpoint];
  if (!spec) return fail(404, "not_found", `unknown API endpoint "/api/v1/${endpoint}"`);
  const ds = findDatasource(req.datasource);
  if (!ds) return fail(404, "not_found", `unknown datasource "${req.datasource}"`);

  const params = mergeParams(req.urlParams, req.bodyParams);
  if (typeof params === "string") {
    return fail(400, "bad_data", `parameter "${params}" is given both in the URL and in the body`);
  }
  for (const name of spec.required) {
    if (!params.get(name)) return fail(400, "bad_data", `missing parameter "${name}"`);
  }
  for (const name of spec.exprParams) {
    const values = params.getAll(name);
    if (values.length > 1) return fail(400, "bad_data", `parameter "${name}" is given more than once`);
    const fault = findParseFault(values[0] ?? "");
    if (fault) return fail(400, "bad_data", `invalid parameter "${name}": ${fault.message}`);
  }
  return callUpstream(ds, endpoint, params, getEnv().PROM_TIMEOUT_MS);
}
