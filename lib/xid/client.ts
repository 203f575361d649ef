import { useQuery } from "@tanstack/react-query";
import { z } from "zod";
import { XID_CATALOGUE, XidCodeSchema, type XidCode } from "./catalogue";
import { queryKeys } from "@/lib/query-keys";

const AnswerSchema = z.object({ codes: z.array(XidCodeSchema), source: z.enum(["database", "built-in"]) });

/** The browser's side of /api/xids. */
export async function fetchXidCodes(init: { signal?: AbortSignal } = {}): Promise<XidCode[]> {
  const response = await fetch("/api/xids", { credentials: "same-origin", signal: init.signal });
  if (!response.ok) throw new Error(`XID catalogue: HTTP ${response.status}`);
  return AnswerSchema.parse(await response.json()).codes;
}

/** The catalogue for decoding; the built-in one until (or unless) the console's answers. `enabled: false` asks nothing. */
export function useXidCatalogue(enabled = true): readonly XidCode[] {
  const q = useQuery({ queryKey: queryKeys.xidCodes, queryFn: ({ signal }) => fetchXidCodes({ signal }), staleTime: 3_600_000, enabled });
  return q.data ?? XID_CATALOGUE;
}
