import { errorResponse } from "@/lib/api/errors";
import { apiPrincipal } from "@/lib/auth/principal";
import { exportYaml, parseVersionId } from "@/lib/routing/service";

export const dynamic = "force-dynamic";

/** alertmanager.yml for git (?version=N, else the draft); secrets as placeholders naming where they come from. */
export async function GET(request: Request) {
  try {
    await apiPrincipal(request, "/api/routing/export", "GET");
    const version = new URL(request.url).searchParams.get("version");
    const yaml = await exportYaml(version === null ? null : parseVersionId(version));
    const name = version === null ? "alertmanager.yml" : `alertmanager.v${version}.yml`;
    return new Response(yaml, { headers: { "content-type": "application/yaml; charset=utf-8", "content-disposition": `attachment; filename="${name}"` } });
  } catch (error) {
    return errorResponse(error);
  }
}
