import { AnnotationInputSchema, AnnotationQuerySchema, firstIssue } from "@/lib/annotations/schema";
import { AppError, errorResponse } from "@/lib/api/errors";
import { readJsonBody } from "@/lib/api/request";
import { apiPrincipal } from "@/lib/auth/principal";
import { createAnnotation } from "@/lib/annotations/repo";
import { annotationsWithMaintenance } from "@/lib/maintenance/service";

export const dynamic = "force-dynamic";

/** Annotations touching ?from&to (epoch ms), for ?dashboardId (and the global ones), with maintenance windows' occurrences. */
export async function GET(request: Request) {
  try {
    await apiPrincipal(request, "/api/annotations", "GET");
    const query = AnnotationQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success) throw new AppError("request:invalid", firstIssue(query.error));
    return Response.json({ annotations: await annotationsWithMaintenance(query.data) });
  } catch (error) {
    return errorResponse(error);
  }
}

/** SREs and admins write annotations (deploys, maintenance). */
export async function POST(request: Request) {
  try {
    const principal = await apiPrincipal(request, "/api/annotations", "POST");
    const body = await readJsonBody(request);
    const input = AnnotationInputSchema.safeParse(body);
    if (!input.success) throw new AppError("request:invalid", firstIssue(input.error));
    const annotation = await createAnnotation(input.data, principal);
    return Response.json({ annotation }, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
