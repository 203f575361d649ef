import { AppError, errorResponse } from "@/lib/api/errors";
import { apiPrincipal } from "@/lib/auth/principal";
import { expireFromRequest } from "@/lib/silences/service";

export const dynamic = "force-dynamic";

/** Expire a silence: the body names the version read ({ version }). */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const principal = await apiPrincipal(request, "developer");
    const body: unknown = await request.json().catch(() => {
      throw new AppError("request:invalid", "body: JSON expected");
    });
    return Response.json({ silence: await expireFromRequest(principal, (await params).id, body) });
  } catch (error) {
    return errorResponse(error);
  }
}
