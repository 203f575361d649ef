import { errorResponse } from "@/lib/api/errors";
import { apiPrincipal } from "@/lib/auth/principal";
import { exportFile } from "@/lib/runbooks/service";

export const dynamic = "force-dynamic";

/** The runbook (or ?revision=N) as `deploy/runbooks/<slug>.md`: front matter and Markdown. */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  try {
    await apiPrincipal(request, "/api/runbooks/[slug]/export", "GET");
    const file = await exportFile((await params).slug, new URL(request.url).searchParams.get("revision"));
    return new Response(file.text, { headers: { "content-type": "text/markdown; charset=utf-8", "content-disposition": `attachment; filename="${file.name}"` } });
  } catch (error) {
    return errorResponse(error);
  }
}
