import { extendFromRequest, silenceActionRoute } from "@/lib/silences/service";

export const dynamic = "force-dynamic";

/** Extend a silence by 1 h, 4 h or 1 d from the later of now and its end ({ version, by }). */
export const POST = silenceActionRoute("/api/silences/[id]/extend", extendFromRequest);
