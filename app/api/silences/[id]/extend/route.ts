import { AppError, errorResponse } from "@/lib/api/errors";
import { apiPrincipal } from "@/lib/auth/principal";
import { extendFromRequest } from "@/lib/silences/service";

export const dynamic = "force-dynamic";

/** Extend a silence: the body names the version read ({ version, by: "1h" | "4h" | "1d" }). */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const principal = await apiPrincipal(request, "developer");
    const body: unknown = await request.json().catch(() => {
      throw new AppError("request:invalid", "body: JSON expected");
    });
    return Response.json({ silence: await extendFromRequest(principal, (await params).id, body) });
  } catch (error) {
    return errorResponse(error);
  }
}
