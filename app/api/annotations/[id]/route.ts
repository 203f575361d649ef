import { AppError, errorResponse } from "@/lib/api/errors";
import { apiPrincipal } from "@/lib/auth/principal";
import { deleteAnnotation } from "@/lib/annotations/repo";

export const dynamic = "force-dynamic";

export async function DELETE(request: Request, context: { params: Promise<{ id: string }> }) {
  try {
    const principal = await apiPrincipal(request, "/api/annotations/[id]", "DELETE");
    const { id } = await context.params;
    if (!(await deleteAnnotation(id, principal))) throw new AppError("request:not_found", `No annotation "${id}"`);
    return new Response(null, { status: 204 });
  } catch (error) {
    return errorResponse(error);
  }
}
