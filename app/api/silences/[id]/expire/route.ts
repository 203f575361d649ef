import { expireFromRequest, silenceActionRoute } from "@/lib/silences/service";

export const dynamic = "force-dynamic";

/** Expire a silence now: the body names the version read ({ version }). */
export const POST = silenceActionRoute("/api/silences/[id]/expire", expireFromRequest);
